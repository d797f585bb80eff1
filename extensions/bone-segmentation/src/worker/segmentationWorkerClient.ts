/**
 * The page's side of the worker protocol: one worker per run, so Cancel is immediate (terminate) and the wasm heap
 * (hundreds of MB after a 3D network) is returned to the system as soon as the labelmap is back.
 */
import type { CtVolume } from '../core/types';
import type { ResultMessage, RunRequest, WorkerErrorCode, WorkerResponse } from './protocol';
import { transferablesOf } from './protocol';

/** What the client needs of a Worker (a DOM Worker fits; tests pass an in-process one). */
export interface WorkerLike {
  postMessage(message: RunRequest, transfer: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<WorkerResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export class WorkerRunError extends Error {
  constructor(readonly code: WorkerErrorCode, message: string) {
    super(message);
    this.name = 'WorkerRunError';
  }
}

/** What the client needs of the Web Locks API (navigator.locks fits; tests pass a stand-in). */
export interface LocksLike {
  request(name: string, options: { signal?: AbortSignal }, callback: () => unknown): Promise<unknown>;
}

export interface WorkerRunOptions {
  onProgress?: (stage: string, fraction: number) => void;
  signal?: AbortSignal;
  /** Where the worker's liveness lock is watched; defaults to navigator.locks where the browser has it. */
  locks?: LocksLike | null;
}

export const WORKER_LOST_MESSAGE =
  'The segmentation worker stopped unexpectedly (it was closed, or the browser ran out of memory). Nothing was changed; try again, or close other tabs first.';

function defaultLocks(): LocksLike | null {
  const nav = (globalThis as { navigator?: { locks?: LocksLike } }).navigator;
  return nav?.locks ?? null;
}

let nextRunId = 1;

/**
 * Runs one segmentation. `volume.voxels` is transferred: the caller's array is detached afterwards (it was a copy
 * made for this run).
 */
export function runInWorker(
  createWorker: () => WorkerLike,
  volume: CtVolume,
  settings: { assetBase: string; allowWebGpu: boolean },
  options: WorkerRunOptions = {},
): Promise<ResultMessage> {
  const { signal, onProgress } = options;
  const locks = options.locks === undefined ? defaultLocks() : options.locks;
  if (signal?.aborted) return Promise.reject(new WorkerRunError('cancelled', 'Segmentation was cancelled.'));
  const runId = nextRunId++;
  return new Promise<ResultMessage>((resolve, reject) => {
    let worker: WorkerLike | undefined;
    const stopWatching = new AbortController();
    const finish = (): void => {
      stopWatching.abort();
      signal?.removeEventListener('abort', onAbort);
      if (worker) {
        worker.onmessage = null;
        worker.onerror = null;
        worker.terminate();
        worker = undefined;
      }
    };
    const onAbort = (): void => {
      finish();
      reject(new WorkerRunError('cancelled', 'Segmentation was cancelled.'));
    };
    try {
      worker = createWorker();
    } catch (error) {
      reject(new WorkerRunError('failed', `The segmentation worker could not start: ${String(error)}`));
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.onmessage = (event) => {
      const message = event.data;
      if (!message || message.runId !== runId) return;
      if (message.type === 'progress') {
        onProgress?.(message.stage, message.fraction);
      } else if (message.type === 'alive') {
        // Granted only once the worker no longer holds it: it ended without a result or an error.
        locks
          ?.request(lockName, { signal: stopWatching.signal }, () => {
            if (!worker) return;
            finish();
            reject(new WorkerRunError('failed', WORKER_LOST_MESSAGE));
          })
          .catch(() => undefined);
      } else if (message.type === 'result') {
        finish();
        resolve(message);
      } else if (message.type === 'error') {
        finish();
        reject(new WorkerRunError(message.code, message.message));
      }
    };
    worker.onerror = (event) => {
      finish();
      reject(new WorkerRunError('failed', `The segmentation worker stopped: ${event.message || 'script error'}`));
    };
    const lockName = `bone-segmentation-run-${runId}-${Math.random().toString(36).slice(2)}`;
    const request: RunRequest = { type: 'run', runId, volume, ...settings, ...(locks ? { livenessLock: lockName } : {}) };
    worker.postMessage(request, transferablesOf(request));
  });
}
