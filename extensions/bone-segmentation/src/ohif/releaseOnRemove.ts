/**
 * When a "Bones (AI)" segmentation is removed, its labelmap slices and 3D surfaces leave Cornerstone's cache too.
 * Cornerstone 5.6.8's removeSegmentation drops only the state: the derived labelmap images (one byte per CT voxel),
 * any labelmap volume built from them, and the polySeg surface geometries stay cached, so a day of segmentations in one tab grows by tens of MB each.
 */
import type * as CornerstoneCore from '@cornerstonejs/core';
import type * as CornerstoneTools from '@cornerstonejs/tools';
import { forgetModelOutput } from './modelFingerprints';

type Cornerstone = typeof CornerstoneCore;
type Tools = typeof CornerstoneTools;

const tracked = new Map<string, string[]>();
let listening = false;

/** Surface geometry ids polySeg (and the 3D view) caches for a segmentation: one per segment index. */
function surfaceGeometryIds(segmentationId: string): string[] {
  return Array.from({ length: 255 }, (_, i) => `segmentation_${segmentationId}_surface_${i + 1}`);
}

export function releaseCacheWhenRemoved(cs: Cornerstone, tools: Tools, segmentationId: string, labelmapImageIds: string[]): void {
  tracked.set(segmentationId, [...labelmapImageIds]);
  if (listening) return;
  listening = true;
  cs.eventTarget.addEventListener(tools.Enums.Events.SEGMENTATION_REMOVED, (event: Event) => {
    const id = (event as CustomEvent<{ segmentationId?: string }>).detail?.segmentationId;
    const imageIds = id ? tracked.get(id) : undefined;
    if (!id || !imageIds) return;
    tracked.delete(id);
    forgetModelOutput(id);
    for (const imageId of imageIds) {
      try {
        cs.cache.removeImageLoadObject(imageId, { force: true });
      } catch {
        // Already gone (the host may purge some itself).
      }
    }
    // A volume viewport builds a labelmap volume from the images, under a random id (Cornerstone 5.6.8's
    // legacyVolumePlan) or one carrying the segmentation's: either way its images are ours. The cache counts such
    // image-backed volumes as 0 bytes, so they were missed (8.6 MB of slices kept per run of the sample pelvis).
    const ours = new Set(imageIds);
    for (const volume of cs.cache.getVolumes?.() ?? []) {
      const volumeImageIds = (volume as { imageIds?: string[] } | undefined)?.imageIds ?? [];
      if (!volume?.volumeId?.includes(id) && !volumeImageIds.some((imageId) => ours.has(imageId))) continue;
      try {
        cs.cache.removeVolumeLoadObject(volume.volumeId);
      } catch {
        // (see above)
      }
    }
    for (const geometryId of surfaceGeometryIds(id)) {
      if (!cs.cache.getGeometryLoadObject?.(geometryId)) continue;
      try {
        cs.cache.removeGeometryLoadObject(geometryId);
      } catch {
        // (see above)
      }
    }
  });
}
