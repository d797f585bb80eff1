/**
 * Wires the controller to the running viewer: the host's Cornerstone, OHIF's services, and a worker per run.
 * Each finished run is also announced as a DOM event (`bone-segmentation:finished`) with its outcome and timings,
 * for the end-to-end tests and the browser benchmark.
 */
import type { CtVolume } from '../core/types';
import { createSegmentationWorker, pluginAssetBase, webGpuAvailable } from '../worker/createSegmentationWorker';
import { runInWorker } from '../worker/segmentationWorkerClient';
import { BoneSegmentationController, type RunOutcome } from './boneSegmentationController';
import { getHostCornerstone } from './hostLibraries';
import type { SegmentationHostServices } from './hostServices';
import { createOhifHost, type DataSourceLike } from './ohifHost';
import type { ExtensionParams } from './types';

export const FINISHED_EVENT = 'bone-segmentation:finished';

interface DataSourceManager {
  getActiveDataSource?: () => DataSourceLike[];
}

/** `onLabelmapShown`: called once the MPR viewports show a new segmentation (the 3D surfaces are built then). */
export function createBoneSegmentation(params: ExtensionParams, onLabelmapShown?: (segmentationId: string) => void): BoneSegmentationController {
  const { cornerstone, cornerstoneTools } = getHostCornerstone(params.extensionManager);
  if (!cornerstone || !cornerstoneTools) throw new Error('the viewer does not expose Cornerstone');
  const services = params.servicesManager.services as unknown as SegmentationHostServices;
  const extensionManager = params.extensionManager as unknown as DataSourceManager;
  const host = createOhifHost(cornerstone, cornerstoneTools, services, () => extensionManager.getActiveDataSource?.()[0], onLabelmapShown);
  const assetBase = pluginAssetBase();
  // An administrator can turn WebGPU off in the extension configuration; wasm is always available. The probe
  // starts now and runs while the CT volume is read.
  const webGpu = (params.configuration as { webgpu?: boolean } | undefined)?.webgpu === false ? Promise.resolve(false) : webGpuAvailable();
  return new BoneSegmentationController(host, async (volume: CtVolume, options) =>
    runInWorker(createSegmentationWorker, volume, { assetBase, allowWebGpu: await webGpu }, options),
  );
}

export function announce(outcome: RunOutcome, startedAt: number): void {
  const detail = { ...outcome, totalMs: performance.now() - startedAt };
  globalThis.dispatchEvent?.(new CustomEvent(FINISHED_EVENT, { detail }));
}
