/**
 * Reads a labelmap segmentation back from the viewer as label values on its CT grid, with the grid's patient
 * geometry (from the CT slices' image plane metadata). What the user sees and edited is what gets exported.
 */
import type * as CornerstoneCore from '@cornerstonejs/core';
import { labelByValue, LABELS } from '../core/label-table';
import type { Geometry } from '../core/mesh/smooth-field';
import type { OhifSegmentation } from './hostServices';

type Cornerstone = typeof CornerstoneCore;
type Vec3 = [number, number, number];

interface ImagePlane {
  rowCosines?: ArrayLike<number>;
  columnCosines?: ArrayLike<number>;
  imagePositionPatient?: ArrayLike<number>;
  rowPixelSpacing?: number;
  columnPixelSpacing?: number;
  rows?: number;
  columns?: number;
}

export interface LabelmapOnGrid {
  labels: Uint8Array;
  geometry: Geometry;
  /** Label values of the segments (voxels hold label values, also for a SEG loaded with segments renumbered). */
  values: number[];
  /** The segmentation's segment index for each label value (the same number unless a loaded SEG renumbered them). */
  segmentIndexByValue: Map<number, number>;
}

const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** The CT slices' planes and their order along the slice normal (ascending): what readBonesLabelmap uses. */
export function slicePlanes(cs: Cornerstone, refIds: string[]): { planes: ImagePlane[]; order: number[]; along: number[]; row: Vec3; col: Vec3; normal: Vec3 } {
  const planes = refIds.map((id) => cs.metaData.get('imagePlaneModule', id) as ImagePlane | undefined);
  const first = planes[0];
  if (!first?.rowCosines || !first.columnCosines || !first.rows || !first.columns) throw new Error('the CT slices have no image plane information');
  const row = Array.from(first.rowCosines) as Vec3;
  const col = Array.from(first.columnCosines) as Vec3;
  const normal: Vec3 = [row[1] * col[2] - row[2] * col[1], row[2] * col[0] - row[0] * col[2], row[0] * col[1] - row[1] * col[0]];
  const along = planes.map((p, k) => {
    if (!p?.imagePositionPatient) throw new Error(`CT slice ${k} has no position`);
    return dot(Array.from(p.imagePositionPatient) as Vec3, normal);
  });
  const order = along.map((_, k) => k).sort((a, b) => along[a] - along[b]);
  return { planes: planes as ImagePlane[], order, along, row, col, normal };
}

/** For each slice of `refIds` (in the given order), its rank along the normal. */
export function sliceRanks(cs: Cornerstone, refIds: string[]): Int32Array {
  const { order } = slicePlanes(cs, refIds);
  const rank = new Int32Array(order.length);
  order.forEach((k, z) => (rank[k] = z));
  return rank;
}

/**
 * `keepOtherSegments`: a segment that is no bone of the label table (one the user added, "Marked region") keeps its
 * own number instead of being dropped, when that number is no table value (the 3D view shows it too; STL and SEG
 * are about the bones).
 */
export function readBonesLabelmap(cs: Cornerstone, segmentation: OhifSegmentation, options: { keepOtherSegments?: boolean } = {}): LabelmapOnGrid {
  const labelmap = segmentation.representationData.Labelmap;
  const imageIds = labelmap?.imageIds ?? [];
  const refIds = labelmap?.referencedImageIds ?? [];
  if (imageIds.length === 0 || imageIds.length !== refIds.length) throw new Error('the segmentation has no labelmap slices');
  const { planes, order, along, row, col, normal } = slicePlanes(cs, refIds);
  const first = planes[0];
  const nx = first.columns!;
  const ny = first.rows!;
  const sliceSize = nx * ny;
  const labels = new Uint8Array(sliceSize * order.length);
  order.forEach((k, z) => {
    const image = cs.cache.getImage(imageIds[k]) as { voxelManager?: { getScalarData(): ArrayLike<number> }; getPixelData?: () => ArrayLike<number> } | undefined;
    const pixels = image?.voxelManager?.getScalarData() ?? image?.getPixelData?.();
    if (!pixels || pixels.length !== sliceSize) throw new Error(`labelmap slice ${k} is missing or has another size`);
    labels.set(pixels as ArrayLike<number>, z * sliceSize);
  });
  const gap = order.length > 1 ? (along[order[order.length - 1]] - along[order[0]]) / (order.length - 1) : 1;
  const origin = Array.from(planes[order[0]]!.imagePositionPatient!) as Vec3;
  const geometry: Geometry = {
    dims: [nx, ny, order.length],
    // columnPixelSpacing is the distance between columns: along a row, the grid's first axis.
    spacing: [Number(first.columnPixelSpacing), Number(first.rowPixelSpacing), Math.abs(gap) || 1],
    direction: [...row, ...col, ...normal],
    origin,
  };
  // A segmentation loaded from a SEG numbers its segments 1..N: the segment's name says which bone it is.
  const toLabelValue = new Uint8Array(256);
  let renumbered = false;
  for (const [key, segment] of Object.entries(segmentation.segments)) {
    const index = Number(key);
    if (!Number.isInteger(index) || index <= 0 || index > 255 || !segment) continue;
    const entry = LABELS.find((l) => l.value > 0 && l.displayName === segment.label) ?? labelByValue(index);
    toLabelValue[index] = entry?.value ?? (options.keepOtherSegments && !labelByValue(index) ? index : 0);
    if (toLabelValue[index] !== index) renumbered = true;
  }
  if (renumbered) for (let i = 0; i < labels.length; i++) labels[i] = toLabelValue[labels[i]];
  const values = [...new Set(Array.from(toLabelValue).filter((v) => v > 0))].sort((a, b) => a - b);
  const segmentIndexByValue = new Map<number, number>();
  toLabelValue.forEach((value, index) => {
    if (value > 0 && !segmentIndexByValue.has(value)) segmentIndexByValue.set(value, index);
  });
  return { labels, geometry, values, segmentIndexByValue };
}
