/**
 * "Update 3D": the active "Bones (AI)" segmentation, as edited, becomes the 3D view's bone surfaces, meshed in a
 * worker by the same core mesher as Export STL. Runs by itself after "Segment bones"; after brush edits the user
 * asks for it (an update costs seconds of worker time, which live updates on every stroke would repeat).
 * One update at a time per page: a request during an update runs once more after it, on the newest labelmap.
 */
import { SEGMENTATION_LABEL } from '../ohif/boneSegments';
import { showBoneSurfaces } from '../ohif/boneSurfaces3D';
import { getHostCornerstone } from '../ohif/hostLibraries';
import type { SegmentationHostServices } from '../ohif/hostServices';
import { readBonesLabelmap } from '../ohif/readBonesLabelmap';
import type { ExtensionParams } from '../ohif/types';
import { createMeshWorker } from '../worker/createSegmentationWorker';
import { surfacesInWorker } from '../worker/meshWorkerClient';
import { activeBonesSegmentation } from './exportBonesStl';

const TITLE = 'Update 3D';
/** Announced after each update with its figures (e2e tests and the browser benchmark read it). */
export const SURFACES_SHOWN_EVENT = 'bone-segmentation:surfaces-shown';

export interface SurfacesShown {
  segmentationId: string;
  bones: number;
  triangles: number;
  viewportIds: string[];
  /** Reading the labelmap on the page (main thread). */
  readMs: number;
  /** Meshing in the worker. */
  meshMs: number;
  /** From the request until the surfaces were drawn. */
  totalMs: number;
}

export type UpdateOutcome = SurfacesShown | { error: string };

let running: Promise<UpdateOutcome> | null = null;
let again: { segmentationId?: string; quiet: boolean } | null = null;

async function updateOnce(params: ExtensionParams, segmentationId: string | undefined, quiet: boolean): Promise<UpdateOutcome> {
  const startedAt = performance.now();
  const services = params.servicesManager.services as unknown as SegmentationHostServices;
  const notify = (type: 'info' | 'success' | 'error', message: string, duration = 6000): void =>
    void services.uiNotificationService?.show({ title: TITLE, message, type, duration });
  const segmentation = segmentationId ? services.segmentationService.getSegmentation(segmentationId) : activeBonesSegmentation(services);
  if (!segmentation || segmentation.label !== SEGMENTATION_LABEL) {
    if (!quiet) notify('info', 'There is no "Bones (AI)" segmentation to show in 3D yet: run "Segment bones" first.');
    return { error: 'no segmentation' };
  }
  const { cornerstone, cornerstoneTools } = getHostCornerstone(params.extensionManager);
  try {
    if (!cornerstone || !cornerstoneTools) throw new Error('the viewer does not expose Cornerstone');
    const grid = readBonesLabelmap(cornerstone, segmentation, { keepOtherSegments: true });
    const readMs = performance.now() - startedAt;
    const surfaces = await surfacesInWorker(createMeshWorker, { type: 'surfaces', labels: grid.labels, geometry: grid.geometry, values: grid.values });
    const meshMs = performance.now() - startedAt - readMs;
    if (!services.segmentationService.getSegmentation(segmentation.segmentationId)) return { error: 'the segmentation was removed meanwhile' };
    const shown = await showBoneSurfaces(cornerstone, cornerstoneTools, services, segmentation.segmentationId, surfaces, (value) => grid.segmentIndexByValue.get(value) ?? value);
    const result: SurfacesShown = {
      segmentationId: segmentation.segmentationId,
      bones: shown.segmentIndices.length,
      triangles: shown.triangles,
      viewportIds: shown.viewportIds,
      readMs,
      meshMs,
      totalMs: performance.now() - startedAt,
    };
    if (!quiet) notify('success', `${result.bones} bone surfaces updated in ${(result.totalMs / 1000).toFixed(1)} s.`);
    globalThis.dispatchEvent?.(new CustomEvent(SURFACES_SHOWN_EVENT, { detail: result }));
    return result;
  } catch (error) {
    const message = `The 3D surfaces could not be built: ${error instanceof Error ? error.message : String(error)}. The segmentation is unchanged.`;
    notify('error', message, 12_000);
    return { error: message };
  }
}

/** `segmentationId` defaults to the active "Bones (AI)" segmentation; `quiet` skips the success notice. */
export async function updateBones3D(params: ExtensionParams, options: { segmentationId?: string; quiet?: boolean } = {}): Promise<UpdateOutcome> {
  const quiet = options.quiet ?? false;
  if (running) {
    again = { segmentationId: options.segmentationId, quiet };
    return running;
  }
  running = updateOnce(params, options.segmentationId, quiet);
  try {
    let outcome = await running;
    while (again) {
      const next = again;
      again = null;
      running = updateOnce(params, next.segmentationId, next.quiet);
      outcome = await running;
    }
    return outcome;
  } finally {
    running = null;
  }
}
