/**
 * Small maps on the coarse grid that steer the native-resolution refinement: where bone may be (the prediction
 * grown by a margin, each voxel carrying its nearest predicted bone) and where a prediction is certain (its
 * interior, away from any other class).
 */
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

/** Labels of voxels whose 6 neighbours all carry the same label (0 elsewhere): confident seeds. */
export function interiorLabels(labels: Uint8Array, dims: Dims): Uint8Array {
  const [nx, ny, nz] = dims;
  const sxy = nx * ny;
  const out = new Uint8Array(labels.length);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const p = z * sxy + y * nx + x;
        const l = labels[p];
        if (l === 0) continue;
        if (x > 0 && labels[p - 1] !== l) continue;
        if (x < nx - 1 && labels[p + 1] !== l) continue;
        if (y > 0 && labels[p - nx] !== l) continue;
        if (y < ny - 1 && labels[p + nx] !== l) continue;
        if (z > 0 && labels[p - sxy] !== l) continue;
        if (z < nz - 1 && labels[p + sxy] !== l) continue;
        out[p] = l;
      }
  return out;
}

/** Labels of voxels whose whole 3x3x3 neighbourhood carries the same label: at least one coarse voxel deep. */
export function coreLabels(labels: Uint8Array, dims: Dims): Uint8Array {
  const [nx, ny, nz] = dims;
  const sxy = nx * ny;
  const out = new Uint8Array(labels.length);
  for (let z = 1; z < nz - 1; z++)
    for (let y = 1; y < ny - 1; y++)
      for (let x = 1; x < nx - 1; x++) {
        const p = z * sxy + y * nx + x;
        const l = labels[p];
        if (l === 0) continue;
        let same = true;
        for (let dz = -sxy; dz <= sxy && same; dz += sxy)
          for (let dy = -nx; dy <= nx && same; dy += nx)
            for (let dx = -1; dx <= 1; dx++)
              if (labels[p + dz + dy + dx] !== l) {
                same = false;
                break;
              }
        if (same) out[p] = l;
      }
  return out;
}

/**
 * For each voxel, a bit mask of the labels (bit = value, values < 32) predicted within `radius` voxels
 * (3x3x3 box steps). The native growth may give a voxel only to a bone whose prediction is that close: a front must
 * not sweep through a neighbouring bone the network under-segmented.
 */
export function labelsWithin(labels: Uint8Array, dims: Dims, radius: number): Uint32Array {
  const [nx, ny, nz] = dims;
  const bits = new Uint32Array(labels.length);
  for (let i = 0; i < labels.length; i++) if (labels[i] !== 0) bits[i] = 1 << labels[i];
  const tmp = new Uint32Array(labels.length);
  const sizes = [nx, ny, nz];
  const strides = [1, nx, nx * ny];
  for (let r = 0; r < radius; r++)
    for (let axis = 0; axis < 3; axis++) {
      tmp.set(bits);
      const s = strides[axis];
      const len = sizes[axis];
      for (let p = 0; p < bits.length; p++) {
        const c = Math.floor(p / s) % len;
        if (c > 0) bits[p] |= tmp[p - s];
        if (c < len - 1) bits[p] |= tmp[p + s];
      }
    }
  return bits;
}
