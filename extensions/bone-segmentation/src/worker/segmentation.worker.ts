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
};

const handle = createRunHandler({
  loadModel: loadModelInWorker,
  segment: (volume, runner, config, options) => segmentBones(volume, runner, config as ModelConfig, options),
  post: (message, transfer) => scope.postMessage(message, transfer),
});

scope.onmessage = (event) => {
  if (event.data?.type === 'run') void handle(event.data);
};
