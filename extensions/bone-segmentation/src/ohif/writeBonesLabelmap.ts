/**
 * Adds the model's labels to the viewer as a NEW labelmap segmentation through OHIF's segmentationService, with one
 * named, coloured segment per bone, shown on every MPR viewport of the series. Other segmentations are never read
 * or written. If any step fails, the half-made segmentation is removed again.
 */
import type * as CornerstoneCore from '@cornerstonejs/core';
import type * as CornerstoneTools from '@cornerstonejs/tools';
import { boneColorLut, SEGMENTATION_LABEL, type BoneSegment } from './boneSegments';
import { reserveSurfaceRepresentation } from './boneSurfaces3D';
import { segmentFingerprints } from '../export/segmentFingerprint';
import { HYDRATE_SEGMENTATION_SYNC, type OhifDisplaySet, type SegmentationHostServices } from './hostServices';
import { rememberModelOutput } from './modelFingerprints';
import { releaseCacheWhenRemoved } from './releaseOnRemove';
import { sliceRanks } from './readBonesLabelmap';
import { whenSegmentationRendered } from './whenSegmentationRendered';

type Cornerstone = typeof CornerstoneCore;
type Tools = typeof CornerstoneTools;

export interface LabelmapTarget {
  displaySet: OhifDisplaySet;
  /** CT image id of each slice k of the labels array (the host volume's slice order). */
  sliceImageIds: string[];
  sliceSize: number;
}

let boneLutIndex: number | undefined;

/** One colour LUT for all our segmentations (Cornerstone keeps LUTs globally by index). */
function boneLut(tools: Tools): number {
  if (boneLutIndex === undefined) {
    const hostDefault = (tools.CONSTANTS?.COLOR_LUT ?? []) as unknown as number[][];
    boneLutIndex = tools.segmentation.config.color.addColorLUT(boneColorLut(hostDefault) as unknown as CornerstoneCore.Types.ColorLUT);
  }
  return boneLutIndex;
}

/** Grid viewports that show this display set as a 2D/MPR image (3D viewports would need surfaces). */
export function mprViewportIds(services: SegmentationHostServices, displaySetInstanceUID: string): string[] {
  const { viewports } = services.viewportGridService.getState();
  const active = services.viewportGridService.getActiveViewportId();
  const ids: string[] = [];
  for (const [viewportId, viewport] of viewports) {
    if (!viewport.displaySetInstanceUIDs?.includes(displaySetInstanceUID)) continue;
    const type = services.cornerstoneViewportService.getCornerstoneViewport(viewportId)?.type ?? viewport.viewportOptions?.viewportType;
    if (type === 'volume3d') continue;
    ids.push(viewportId);
  }
  // The active viewport first: it is where the user looks while the others update.
  return ids.sort((a, b) => Number(b === active) - Number(a === active));
}

function writeSlices(cs: Cornerstone, services: SegmentationHostServices, segmentationId: string, target: LabelmapTarget, labels: Uint8Array): void {
  const labelmap = services.segmentationService.getSegmentation(segmentationId)?.representationData.Labelmap;
  const segImageIds = labelmap?.imageIds ?? [];
  const refImageIds = labelmap?.referencedImageIds ?? [];
  if (segImageIds.length !== refImageIds.length || segImageIds.length === 0) {
    throw new Error('the new labelmap has no slices');
  }
  const labelmapImageOf = new Map(refImageIds.map((ref, i) => [ref, segImageIds[i]]));
  const { sliceImageIds, sliceSize } = target;
  if (labels.length !== sliceImageIds.length * sliceSize) {
    throw new Error(`the labels (${labels.length} voxels) do not match the series (${sliceImageIds.length} x ${sliceSize})`);
  }
  sliceImageIds.forEach((ctImageId, k) => {
    const segImageId = labelmapImageOf.get(ctImageId);
    const image = segImageId ? cs.cache.getImage(segImageId) : undefined;
    const pixels = (image?.voxelManager?.getScalarData() ?? image?.getPixelData?.()) as ArrayLike<number> & { set?: (a: ArrayLike<number>) => void };
    if (!pixels || pixels.length !== sliceSize || !pixels.set) throw new Error(`slice ${k} of the labelmap is missing or has another size`);
    pixels.set(labels.subarray(k * sliceSize, (k + 1) * sliceSize));
  });
}

/**
 * The host's "hydrateseg" sync group copies a segmentation onto the other viewports of the frame of reference as
 * soon as it is added to one, asynchronously and with the colours OHIF has on record for it (none yet for ours, so
 * Cornerstone's defaults), racing our own additions; a viewport added twice ends up without a labelmap actor. So
 * those synchronizers are paused while we add ours, and resumed afterwards.
 */
function pauseSegmentationSync(services: SegmentationHostServices): () => void {
  const paused = (services.syncGroupService?.getSynchronizersOfType?.(HYDRATE_SEGMENTATION_SYNC) ?? []).filter((s) => !s.isDisabled());
  paused.forEach((s) => s.setEnabled(false));
  return () => paused.forEach((s) => s.setEnabled(true));
}

/** Longest wait for the MPR viewports to draw a new labelmap before the 3D surfaces are built anyway. */
export const RENDER_WAIT_MS = 3000;

export async function writeBonesLabelmap(
  cs: Cornerstone,
  tools: Tools,
  services: SegmentationHostServices,
  target: LabelmapTarget,
  labels: Uint8Array,
  segments: BoneSegment[],
  onShown?: (segmentationId: string) => void,
): Promise<string> {
  const { segmentationService } = services;
  const segmentationId = `bones-ai-${cs.utilities.uuidv4()}`;
  const segmentConfig: Record<number, Record<string, unknown>> = {};
  segments.forEach((s, i) => {
    // A centre in cachedStats is what OHIF's segment list jumps to when the user picks the segment.
    const cachedStats = s.centre ? { center: { world: s.centre } } : {};
    segmentConfig[s.segmentIndex] = { segmentIndex: s.segmentIndex, label: s.label, locked: false, active: i === 0, cachedStats };
  });
  await segmentationService.createLabelmapForDisplaySet(target.displaySet, {
    segmentationId,
    label: SEGMENTATION_LABEL,
    segments: segmentConfig,
  });
  try {
    // Before any viewport has it: no 3D viewport the host's sync copies it to may start polySeg.
    reserveSurfaceRepresentation(cs, tools, segmentationId);
    // Fill the slices before any viewport shows the labelmap, so it appears complete (no empty first frame).
    writeSlices(cs, services, segmentationId, target, labels);
    releaseCacheWhenRemoved(cs, tools, segmentationId, services.segmentationService.getSegmentation(segmentationId)?.representationData.Labelmap?.imageIds ?? []);
    // As the model made it, in the order the labelmap is read back for storing: later edits show as changes.
    // Without slice positions there is no fingerprint, and a store then calls every segment edited (the safe side).
    try {
      rememberModelOutput(segmentationId, segmentFingerprints(labels, target.sliceSize, sliceRanks(cs, target.sliceImageIds)));
    } catch {
      // (see above)
    }
    const colorLUTOrIndex = boneLut(tools);
    const viewportIds = mprViewportIds(services, target.displaySet.displaySetInstanceUID);
    const resumeSync = pauseSegmentationSync(services);
    try {
      for (const viewportId of viewportIds) {
        await segmentationService.addSegmentationRepresentation(viewportId, {
          segmentationId,
          type: tools.Enums.SegmentationRepresentations.Labelmap,
          config: { colorLUTOrIndex },
        });
        services.cornerstoneViewportService.storePresentation?.({ viewportId });
      }
      // OHIF records a segmentation's colour LUT when a segment colour is set through its service; every viewport
      // it adds the segmentation to later (the 3D view, a new layout) then uses the label table's colours too.
      const [first] = segments;
      if (viewportIds.length && first) {
        segmentationService.setSegmentColor?.(viewportIds[0], segmentationId, first.segmentIndex, [...first.color, 255]);
      }
    } finally {
      resumeSync();
    }
    // The 3D view's surfaces come from our mesh worker (boneSurfaces3D); meshing starts only once the MPR
    // viewports show the labelmap, so the user sees the result first.
    if (onShown) {
      // One more task after the draw so the browser composites the canvases before the surfaces are built.
      whenSegmentationRendered(cs, tools, segmentationId, viewportIds, RENDER_WAIT_MS, () =>
        setTimeout(() => {
          if (tools.segmentation.state.getSegmentation(segmentationId)) onShown(segmentationId);
        }, 50),
      );
    }
    return segmentationId;
  } catch (error) {
    segmentationService.remove(segmentationId);
    throw error;
  }
}
