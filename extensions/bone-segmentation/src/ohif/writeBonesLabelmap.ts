/**
 * Adds the model's labels to the viewer as a NEW labelmap segmentation through OHIF's segmentationService, with one
 * named, coloured segment per bone, shown on every MPR viewport of the series. Other segmentations are never read
 * or written. If any step fails, the half-made segmentation is removed again.
 */
import type * as CornerstoneCore from '@cornerstonejs/core';
import type * as CornerstoneTools from '@cornerstonejs/tools';
import { boneColorLut, SEGMENTATION_LABEL, type BoneSegment } from './boneSegments';
import type { OhifDisplaySet, SegmentationHostServices } from './hostServices';

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
 * Keeps the label table's colours and a fresh texture on every viewport that shows our segmentation. The host
 * mounts labelmap actors asynchronously and its sync group adds the segmentation to other viewports with their own
 * default colour LUTs; so, whenever one of them finishes rendering it (SEGMENTATION_RENDERED), set our LUT there
 * and refresh its texture once. Neither touches the labels, so a user's edits are never overwritten.
 */
function keepBoneStyle(cs: Cornerstone, tools: Tools, segmentationId: string, lutIndex: number, segments: BoneSegment[]): void {
  const refreshed = new Set<string>();
  const eventName = tools.Enums.Events.SEGMENTATION_RENDERED;
  const onRendered = (event: Event): void => {
    const detail = (event as CustomEvent<{ viewportId?: string; segmentationId?: string }>).detail;
    if (detail?.segmentationId !== segmentationId || !detail.viewportId) return;
    if (!tools.segmentation.state.getSegmentation(segmentationId)) {
      cs.eventTarget.removeEventListener(eventName, onRendered);
      return;
    }
    const viewportId = detail.viewportId;
    const representation = tools.segmentation.state.getSegmentationRepresentations(viewportId, { segmentationId })[0] as
      | { colorLUTIndex?: number; type?: string }
      | undefined;
    if (representation && representation.colorLUTIndex !== lutIndex) {
      // Switching the LUT index alone did not stick on synced viewports (OHIF 3.13), so also colour each bone of
      // the LUT that viewport uses.
      tools.segmentation.config.color.setColorLUT(viewportId, segmentationId, lutIndex);
      for (const s of segments) {
        tools.segmentation.config.color.setSegmentIndexColor(viewportId, segmentationId, s.segmentIndex, [...s.color, 255] as CornerstoneCore.Types.Color);
      }
    }
    if (!refreshed.has(viewportId) && representation?.type === tools.Enums.SegmentationRepresentations.Labelmap) {
      refreshed.add(viewportId);
      tools.segmentation.triggerSegmentationEvents.triggerSegmentationDataModified(segmentationId);
    }
  };
  cs.eventTarget.addEventListener(eventName, onRendered);
}

export async function writeBonesLabelmap(
  cs: Cornerstone,
  tools: Tools,
  services: SegmentationHostServices,
  target: LabelmapTarget,
  labels: Uint8Array,
  segments: BoneSegment[],
): Promise<string> {
  const { segmentationService } = services;
  const segmentationId = `bones-ai-${cs.utilities.uuidv4()}`;
  const segmentConfig: Record<number, Record<string, unknown>> = {};
  segments.forEach((s, i) => {
    segmentConfig[s.segmentIndex] = { segmentIndex: s.segmentIndex, label: s.label, locked: false, active: i === 0, cachedStats: {} };
  });
  await segmentationService.createLabelmapForDisplaySet(target.displaySet, {
    segmentationId,
    label: SEGMENTATION_LABEL,
    segments: segmentConfig,
  });
  try {
    // Fill the slices before any viewport shows the labelmap, so it appears complete (no empty first frame).
    writeSlices(cs, services, segmentationId, target, labels);
    const colorLUTOrIndex = boneLut(tools);
    keepBoneStyle(cs, tools, segmentationId, colorLUTOrIndex, segments);
    const viewportIds = mprViewportIds(services, target.displaySet.displaySetInstanceUID);
    for (const viewportId of viewportIds) {
      // The host's segmentation synchronizer (hanging-protocol sync group) may already have added it here when
      // it was added to the first viewport; adding it twice leaves that viewport without a labelmap actor.
      if (segmentationService.getSegmentationRepresentations(viewportId, { segmentationId }).length > 0) continue;
      await segmentationService.addSegmentationRepresentation(viewportId, {
        segmentationId,
        type: tools.Enums.SegmentationRepresentations.Labelmap,
        config: { colorLUTOrIndex },
      });
      services.cornerstoneViewportService.storePresentation?.({ viewportId });
    }
    tools.segmentation.triggerSegmentationEvents.triggerSegmentationDataModified(segmentationId);
    return segmentationId;
  } catch (error) {
    segmentationService.remove(segmentationId);
    throw error;
  }
}
