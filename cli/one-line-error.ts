/** The CLI's error contract: one line on stderr, non-zero exit. Expected input problems exit 2, anything else 1. */
const EXPECTED = new Set(['InvalidInputError', 'NiftiFormatError', 'DicomReadError', 'InputReadError', 'ModelConfigError', 'UsageError']);

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function exitWithError(e: unknown): never {
  const err = e instanceof Error ? e : new Error(String(e));
  const line = (err.message || err.name).replace(/\s*\n\s*/g, ' ').trim();
  process.stderr.write(`error: ${line}\n`);
  process.exit(EXPECTED.has(err.name) ? 2 : 1);
}
