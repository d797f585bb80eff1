/**
 * Browser-only glue (uses import.meta.url, so unit tests never import it). Webpack emits the worker as its own
 * chunk beside our bundle; `new URL('./', import.meta.url)` is the plugin folder, where the build copies model.json,
 * the .onnx file and the onnxruntime-web runtime.
 */
import type { MeshWorkerLike } from './meshWorkerClient';
import type { WorkerLike } from './segmentationWorkerClient';

export function createSegmentationWorker(): WorkerLike {
  return new Worker(new URL('./segmentation.worker.ts', import.meta.url), {
    type: 'module',
    name: 'bone-segmentation',
  }) as unknown as WorkerLike;
}

export function createMeshWorker(): MeshWorkerLike {
  return new Worker(new URL('./mesh.worker.ts', import.meta.url), { type: 'module', name: 'bone-segmentation-mesh' }) as unknown as MeshWorkerLike;
}

/** The folder our bundle was loaded from (ends with '/'). */
export function pluginAssetBase(): string {
  return new URL('./', import.meta.url).href;
}

/** No answer within this time counts as no adapter: wasm is the safe default, WebGPU only an accelerator. */
const PROBE_TIMEOUT_MS = 3000;

/** Whether a WebGPU adapter exists, asked once per page in a throwaway worker. */
let probe: Promise<boolean> | undefined;
export function webGpuAvailable(): Promise<boolean> {
  probe ??= new Promise<boolean>((resolve) => {
    if (!('gpu' in navigator)) {
      resolve(false);
      return;
    }
    let worker: Worker | undefined;
    const done = (answer: boolean): void => {
      clearTimeout(timer);
      worker?.terminate();
      resolve(answer);
    };
    const timer = setTimeout(() => done(false), PROBE_TIMEOUT_MS);
    try {
      worker = new Worker(new URL('./webgpuProbe.worker.ts', import.meta.url), { type: 'module', name: 'bone-segmentation-webgpu-probe' });
      worker.onmessage = (event: MessageEvent<boolean>) => done(event.data === true);
      worker.onerror = () => done(false);
    } catch {
      done(false);
    }
  });
  return probe;
}
