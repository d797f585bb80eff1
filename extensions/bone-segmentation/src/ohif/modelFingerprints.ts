/** Per "Bones (AI)" segmentation of this page: each segment as the model made it (to tell edited ones apart). */
import type { SegmentFingerprints } from '../export/segmentFingerprint';

const made = new Map<string, SegmentFingerprints>();

export function rememberModelOutput(segmentationId: string, fingerprints: SegmentFingerprints): void {
  made.set(segmentationId, fingerprints);
}

/** Undefined for a segmentation this page did not make (loaded from a SEG): every segment then counts as edited. */
export function modelOutputOf(segmentationId: string): SegmentFingerprints | undefined {
  return made.get(segmentationId);
}

export function forgetModelOutput(segmentationId: string): void {
  made.delete(segmentationId);
}
