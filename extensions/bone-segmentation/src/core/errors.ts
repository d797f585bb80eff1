/**
 * Errors the core throws on purpose. Their messages are one sentence meant for the user (the viewer shows them,
 * the CLI prints them as its one line), so keep them plain and specific.
 */

export type InvalidInputReason =
  | 'too-few-slices'
  | 'too-small'
  | 'not-ct'
  | 'non-finite'
  | 'bad-spacing'
  | 'uneven-spacing'
  | 'missing-slices'
  | 'gantry-tilt'
  | 'oblique'
  | 'too-large';

export class InvalidInputError extends Error {
  readonly reason: InvalidInputReason;
  constructor(reason: InvalidInputReason, message: string) {
    super(message);
    this.name = 'InvalidInputError';
    this.reason = reason;
  }
}

/** The model file or its description is unusable. */
export class ModelConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelConfigError';
  }
}

/** Same shape as the DOM's AbortError so callers can test `error.name === 'AbortError'` everywhere. */
export function abortError(): Error {
  const e = new Error('Segmentation was cancelled.');
  e.name = 'AbortError';
  return e;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}

export function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}
