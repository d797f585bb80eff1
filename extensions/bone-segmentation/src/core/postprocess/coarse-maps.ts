/** The coarse prediction grown by a margin, each voxel carrying its nearest predicted bone. */
import type { Dims } from '../orientation';

/**
 * Each voxel within `radius` steps (6-connected) of a labelled voxel gets the label of the nearest one; `steps`
 * (optional) receives the number of steps (0 on labelled voxels).
 */
export function nearestLabelWithin(labels: Uint8Array, dims: Dims, radius: number, steps?: Uint8Array): Uint8Array {
  const [nx, ny, nz] = dims;
  const sxy = nx * ny;
  const out = labels.slice();
  const dist = steps ?? new Uint8Array(labels.length);
  const queue = new Int32Array(labels.length);
  let tail = 0;
  for (let p = 0; p < labels.length; p++) if (labels[p] !== 0) queue[tail++] = p;
  let head = 0;
  while (head < tail) {
    const p = queue[head++];
    const d = dist[p];
    if (d >= radius) continue;
    const x = p % nx;
    const y = Math.floor(p / nx) % ny;
    const z = Math.floor(p / sxy);
    const visit = (q: number): void => {
      if (out[q] === 0) {
        out[q] = out[p];
        dist[q] = d + 1;
        queue[tail++] = q;
      }
    };
    if (x > 0) visit(p - 1);
    if (x < nx - 1) visit(p + 1);
    if (y > 0) visit(p - nx);
    if (y < ny - 1) visit(p + nx);
    if (z > 0) visit(p - sxy);
    if (z < nz - 1) visit(p + sxy);
  }
  return out;
}
