/**
 * The Web Worker entry: runs the pure core off the main thread so the viewer stays responsive. One run per worker;
 * the page terminates it when the run ends or is cancelled.
 */
import type { ModelConfig } from '../core/model-config';
import { segmentBones } from '../core/segment';
import type { RunRequest, WorkerResponse } from './protocol';
import { loadModelInWorker } from './loadModel';
import { createRunHandler } from './runHandler';

const scope = globalThis as unknown as {
  postMessage(message: WorkerResponse, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<RunRequest>) => void) | null;
  navigator?: { locks?: LockManager };
};

const handle = createRunHandler({
  loadModel: loadModelInWorker,
  segment: (volume, runner, config, options) => segmentBones(volume, runner, config as ModelConfig, options),
  post: (message, transfer) => scope.postMessage(message, transfer),
});

/** Holds the run's liveness lock until this worker ends (never released by hand: termination releases it). */
function holdLivenessLock(request: RunRequest): Promise<void> {
  const locks = scope.navigator?.locks;
  if (!request.livenessLock || !locks) return Promise.resolve();
  return new Promise<void>((held) => {
    void locks.request(request.livenessLock!, () => {
      held();
      scope.postMessage({ type: 'alive', runId: request.runId }, []);
      return new Promise<never>(() => undefined);
    });
  });
}

scope.onmessage = (event) => {
  if (event.data?.type === 'run') void holdLivenessLock(event.data).then(() => handle(event.data));
};
