/** Axis-aligned index boxes on a grid (inclusive min, exclusive max), to confine work to where bone can be. */
import type { Dims } from './orientation';

export interface Box {
  min: [number, number, number];
  max: [number, number, number];
}

export function fullBox(dims: Dims): Box {
  return { min: [0, 0, 0], max: [dims[0], dims[1], dims[2]] };
}

export function boxSize(b: Box): Dims {
  return [b.max[0] - b.min[0], b.max[1] - b.min[1], b.max[2] - b.min[2]];
}

export function boxVoxels(b: Box): number {
  const s = boxSize(b);
  return Math.max(0, s[0]) * Math.max(0, s[1]) * Math.max(0, s[2]);
}

export function isEmptyBox(b: Box): boolean {
  return b.max[0] <= b.min[0] || b.max[1] <= b.min[1] || b.max[2] <= b.min[2];
}

export function growBox(b: Box, margin: [number, number, number], dims: Dims): Box {
  return {
    min: [0, 1, 2].map((a) => Math.max(0, b.min[a] - margin[a])) as [number, number, number],
    max: [0, 1, 2].map((a) => Math.min(dims[a], b.max[a] + margin[a])) as [number, number, number],
  };
}

/** Bounding box of voxels where `test(value)` holds; empty box (min > max) when none. */
export function boundingBox(values: ArrayLike<number>, dims: Dims, test: (v: number) => boolean): Box {
  const min: [number, number, number] = [dims[0], dims[1], dims[2]];
  const max: [number, number, number] = [0, 0, 0];
  let o = 0;
  for (let z = 0; z < dims[2]; z++)
    for (let y = 0; y < dims[1]; y++)
      for (let x = 0; x < dims[0]; x++, o++) {
        if (!test(values[o])) continue;
        if (x < min[0]) min[0] = x;
        if (x >= max[0]) max[0] = x + 1;
        if (y < min[1]) min[1] = y;
        if (y >= max[1]) max[1] = y + 1;
        if (z < min[2]) min[2] = z;
        if (z >= max[2]) max[2] = z + 1;
      }
  return { min, max };
}

/** Copies the box out of a grid-ordered array. */
export function cropArray<T extends Float32Array | Uint8Array>(src: T, dims: Dims, b: Box): T {
  const [sx, sy, sz] = boxSize(b);
  const out = new (src.constructor as new (n: number) => T)(sx * sy * sz);
  let o = 0;
  for (let z = b.min[2]; z < b.max[2]; z++)
    for (let y = b.min[1]; y < b.max[1]; y++) {
      const row = z * dims[0] * dims[1] + y * dims[0];
      out.set(src.subarray(row + b.min[0], row + b.max[0]) as never, o);
      o += sx;
    }
  return out;
}
