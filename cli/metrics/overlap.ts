/**
 * Per-label agreement between a predicted and a reference labelmap on the same grid: Dice, 95th-percentile
 * Hausdorff distance and mean (average symmetric) surface distance, in millimetres.
 *
 * Surfaces are the label's voxels with a 6-neighbour outside the label. Distances run from each surface voxel of
 * one map to the nearest surface voxel of the other, through an exact anisotropic distance transform; HD95 is the
 * larger of the two directed 95th percentiles, MSD the mean over both directions pooled.
 */
import { growBox, type Box } from '../../extensions/bone-segmentation/src/core/box';
import type { Dims } from '../../extensions/bone-segmentation/src/core/orientation';
import { squaredDistanceTransform } from './distance-transform';

export interface LabelScore {
  value: number;
  predVoxels: number;
  refVoxels: number;
  dice: number | null;
  hd95Mm: number | null;
  msdMm: number | null;
}

export function dice(pred: Uint8Array, ref: Uint8Array, value: number): { dice: number | null; pred: number; ref: number } {
  let inter = 0;
  let np = 0;
  let nr = 0;
  for (let i = 0; i < pred.length; i++) {
    const a = pred[i] === value;
    const b = ref[i] === value;
    if (a) np++;
    if (b) nr++;
    if (a && b) inter++;
  }
  return { dice: np + nr === 0 ? null : (2 * inter) / (np + nr), pred: np, ref: nr };
}

function boxOf(a: Uint8Array, b: Uint8Array, value: number, dims: Dims): Box | null {
  const [nx, ny, nz] = dims;
  const min: [number, number, number] = [nx, ny, nz];
  const max: [number, number, number] = [0, 0, 0];
  let any = false;
  for (let z = 0, p = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++, p++)
        if (a[p] === value || b[p] === value) {
          any = true;
          if (x < min[0]) min[0] = x;
          if (y < min[1]) min[1] = y;
          if (z < min[2]) min[2] = z;
          if (x >= max[0]) max[0] = x + 1;
          if (y >= max[1]) max[1] = y + 1;
          if (z >= max[2]) max[2] = z + 1;
        }
  return any ? { min, max } : null;
}

/** Surface mask of `value` inside the box (box-local order); voxels at the volume edge count as surface. */
function surface(labels: Uint8Array, dims: Dims, value: number, box: Box): Uint8Array {
  const [nx, ny, nz] = dims;
  const bx = box.max[0] - box.min[0];
  const by = box.max[1] - box.min[1];
  const bz = box.max[2] - box.min[2];
  const out = new Uint8Array(bx * by * bz);
  const sxy = nx * ny;
  for (let z = 0; z < bz; z++)
    for (let y = 0; y < by; y++)
      for (let x = 0; x < bx; x++) {
        const gx = x + box.min[0];
        const gy = y + box.min[1];
        const gz = z + box.min[2];
        const p = gx + gy * nx + gz * sxy;
        if (labels[p] !== value) continue;
        const edge =
          gx === 0 || gy === 0 || gz === 0 || gx === nx - 1 || gy === ny - 1 || gz === nz - 1 ||
          labels[p - 1] !== value || labels[p + 1] !== value || labels[p - nx] !== value ||
          labels[p + nx] !== value || labels[p - sxy] !== value || labels[p + sxy] !== value;
        if (edge) out[x + y * bx + z * bx * by] = 1;
      }
  return out;
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function directed(from: Uint8Array, toDistSq: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < from.length; i++) if (from[i]) n++;
  const d = new Float64Array(n);
  for (let i = 0, k = 0; i < from.length; i++) if (from[i]) d[k++] = Math.sqrt(toDistSq[i]);
  return d.sort();
}

export function scoreLabel(pred: Uint8Array, ref: Uint8Array, dims: Dims, spacing: [number, number, number], value: number): LabelScore {
  const d = dice(pred, ref, value);
  const base: LabelScore = { value, predVoxels: d.pred, refVoxels: d.ref, dice: d.dice, hd95Mm: null, msdMm: null };
  if (d.pred === 0 || d.ref === 0) return base;
  const box = growBox(boxOf(pred, ref, value, dims)!, [1, 1, 1], dims);
  const size: Dims = [box.max[0] - box.min[0], box.max[1] - box.min[1], box.max[2] - box.min[2]];
  const sp = surface(pred, dims, value, box);
  const sr = surface(ref, dims, value, box);
  const toRef = directed(sp, squaredDistanceTransform(sr, size, spacing));
  const toPred = directed(sr, squaredDistanceTransform(sp, size, spacing));
  let sum = 0;
  for (const x of toRef) sum += x;
  for (const x of toPred) sum += x;
  return {
    ...base,
    hd95Mm: Math.max(percentile(toRef, 0.95), percentile(toPred, 0.95)),
    msdMm: sum / (toRef.length + toPred.length),
  };
}
