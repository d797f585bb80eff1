/**
 * Axis bookkeeping between the acquisition grid and the LPS-aligned grid the network sees (x -> patient Left,
 * y -> Posterior, z -> Superior). Grids within the oblique tolerance (validate.ts) are snapped to the nearest axis
 * permutation with flips, so reorienting is an exact index shuffle, never an interpolation.
 */

export type Dims = [number, number, number];

export interface AxisMap {
  /** For each LPS axis (0 = L, 1 = P, 2 = S), the grid axis that runs along it. */
  gridAxis: [number, number, number];
  /** True when that grid axis runs towards the opposite direction (R, A or I). */
  flip: [boolean, boolean, boolean];
}

const PERMUTATIONS: Array<[number, number, number]> = [
  [0, 1, 2],
  [0, 2, 1],
  [1, 0, 2],
  [1, 2, 0],
  [2, 0, 1],
  [2, 1, 0],
];

/** The axis permutation that best matches a CtVolume direction (9 numbers, LPS unit vector per grid axis). */
export function axisMapOf(direction: number[]): AxisMap {
  let best = PERMUTATIONS[0];
  let bestScore = -Infinity;
  for (const p of PERMUTATIONS) {
    // p[a] = grid axis along LPS axis a; score = how much each grid axis points along its LPS axis.
    const score = p.reduce((s, g, a) => s + Math.abs(direction[3 * g + a]), 0);
    if (score > bestScore) {
      bestScore = score;
      best = p;
    }
  }
  return {
    gridAxis: [best[0], best[1], best[2]],
    flip: [0, 1, 2].map((a) => direction[3 * best[a] + a] < 0) as [boolean, boolean, boolean],
  };
}

export function lpsDims(gridDims: Dims, map: AxisMap): Dims {
  return [gridDims[map.gridAxis[0]], gridDims[map.gridAxis[1]], gridDims[map.gridAxis[2]]];
}

/** The grid axis order's values (spacing, per-axis sizes, ...) rearranged into LPS axis order. */
export function toLpsAxes<T>(perGridAxis: [T, T, T], map: AxisMap): [T, T, T] {
  return [perGridAxis[map.gridAxis[0]], perGridAxis[map.gridAxis[1]], perGridAxis[map.gridAxis[2]]];
}

/** LPS axis order values rearranged into grid axis order. */
export function toGridAxes<T>(perLpsAxis: [T, T, T], map: AxisMap): [T, T, T] {
  const out = [perLpsAxis[0], perLpsAxis[1], perLpsAxis[2]] as [T, T, T];
  for (let a = 0; a < 3; a++) out[map.gridAxis[a]] = perLpsAxis[a];
  return out;
}

type Typed = Uint8Array | Int16Array | Uint16Array | Int32Array | Float32Array;

/** For each LPS axis: offset of its first voxel and step in the grid's flat index. */
function walk(gridDims: Dims, map: AxisMap): { start: number; step: [number, number, number] } {
  const stride = [1, gridDims[0], gridDims[0] * gridDims[1]];
  let start = 0;
  const step = [0, 0, 0] as [number, number, number];
  for (let a = 0; a < 3; a++) {
    const g = map.gridAxis[a];
    if (map.flip[a]) {
      start += (gridDims[g] - 1) * stride[g];
      step[a] = -stride[g];
    } else step[a] = stride[g];
  }
  return { start, step };
}

/** Copies a grid-ordered array (one channel) into LPS order. */
export function gridToLps<T extends Typed>(src: T, gridDims: Dims, map: AxisMap): T {
  const [nx, ny, nz] = lpsDims(gridDims, map);
  const out = new (src.constructor as new (n: number) => T)(src.length);
  const { start, step } = walk(gridDims, map);
  let o = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      let g = start + z * step[2] + y * step[1];
      for (let x = 0; x < nx; x++, g += step[0]) out[o++] = src[g];
    }
  }
  return out;
}

/** Inverse of gridToLps: an LPS-ordered array back to the grid order of `gridDims`. */
export function lpsToGrid<T extends Typed>(src: T, gridDims: Dims, map: AxisMap): T {
  const [nx, ny, nz] = lpsDims(gridDims, map);
  const out = new (src.constructor as new (n: number) => T)(src.length);
  const { start, step } = walk(gridDims, map);
  let o = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      let g = start + z * step[2] + y * step[1];
      for (let x = 0; x < nx; x++, g += step[0]) out[g] = src[o++];
    }
  }
  return out;
}
