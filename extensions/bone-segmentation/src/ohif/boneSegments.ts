/**
 * From the worker's label counts to the segments of the "Bones (AI)" segmentation: one segment per bone present,
 * segment index = label value (so a DICOM SEG or NIfTI export keeps the label table's numbering), display name and
 * colour from labels.json. Pure.
 */
import { LABELS } from '../core/label-table';
import type { Point3 } from '../core/label-stats';

export const SEGMENTATION_LABEL = 'Bones (AI)';

export interface BoneSegment {
  segmentIndex: number;
  /** What the segmentation panel shows, e.g. "Femur L". */
  label: string;
  /** The label table's machine name, e.g. "femur_left". */
  name: string;
  color: [number, number, number];
  voxels: number;
  /** Where the viewer jumps when the segment is picked: the bone's centre (world, LPS mm), when known. */
  centre?: Point3;
}

/** Bones with at least one voxel, in label order. Background and values outside the table are never segments. */
export function bonesFound(counts: readonly number[], centres: ReadonlyArray<Point3 | null> = []): BoneSegment[] {
  return LABELS.filter((l) => l.value > 0 && (counts[l.value] ?? 0) > 0).map((l) => {
    const centre = centres[l.value];
    return {
      segmentIndex: l.value,
      label: l.displayName,
      name: l.name,
      color: [...l.color] as [number, number, number],
      voxels: counts[l.value],
      ...(centre ? { centre: [...centre] as Point3 } : {}),
    };
  });
}

/**
 * A Cornerstone colour LUT (RGBA per segment index): the label table's colours for its values, the host's default
 * LUT for the indices a user may add later with "Add segment", transparent background.
 */
export function boneColorLut(hostDefaultLut: ReadonlyArray<ReadonlyArray<number>>): number[][] {
  const lut = hostDefaultLut.map((c) => [c[0], c[1], c[2], c[3] ?? 255]);
  const size = Math.max(lut.length, ...LABELS.map((l) => l.value + 1));
  while (lut.length < size) lut.push([128, 128, 128, 255]);
  lut[0] = [0, 0, 0, 0];
  for (const l of LABELS) if (l.value > 0) lut[l.value] = [...l.color, 255];
  return lut;
}

/** One line for the success notice, e.g. "6 bones: Femur L, Femur R, ...". */
export function describeBones(segments: readonly BoneSegment[]): string {
  return `${segments.length} bone${segments.length === 1 ? '' : 's'}: ${segments.map((s) => s.label).join(', ')}`;
}
