/**
 * Browser-only glue (uses import.meta.url, so unit tests never import it). Webpack emits the worker as its own
 * chunk beside our bundle; `new URL('./', import.meta.url)` is the plugin folder, where the build copies model.json,
 * the .onnx file and the onnxruntime-web runtime.
 */
import type { WorkerLike } from './segmentationWorkerClient';

export function createSegmentationWorker(): WorkerLike {
  return new Worker(new URL('./segmentation.worker.ts', import.meta.url), {
    type: 'module',
    name: 'bone-segmentation',
  }) as unknown as WorkerLike;
}

/** The folder our bundle was loaded from (ends with '/'). */
export function pluginAssetBase(): string {
  return new URL('./', import.meta.url).href;
}
