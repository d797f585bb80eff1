/**
 * Exact squared Euclidean distance transform in millimetres on an anisotropic grid (Felzenszwalb & Huttenlocher's
 * separable lower-envelope algorithm): distance from every voxel to the nearest "feature" voxel.
 */
import type { Dims } from '../../extensions/bone-segmentation/src/core/orientation';

const INF = 1e20;

/** 1D pass over f (squared distances so far) sampled every `step` mm; writes into d. */
function edt1d(f: Float64Array, n: number, step: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -INF;
  z[1] = INF;
  for (let q = 1; q < n; q++) {
    if (f[q] >= INF) continue;
    if (f[v[0]] >= INF) {
      v[0] = q;
      continue;
    }
    const pq = q * step;
    let s: number;
    for (;;) {
      const pv = v[k] * step;
      s = (f[q] + pq * pq - (f[v[k]] + pv * pv)) / (2 * (pq - pv));
      if (s <= z[k] && k > 0) k--;
      else break;
    }
    if (s <= z[k]) {
      // k === 0 and the new parabola dominates everywhere.
      v[0] = q;
      z[0] = -INF;
      z[1] = INF;
      continue;
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = INF;
  }
  if (f[v[0]] >= INF) {
    for (let q = 0; q < n; q++) d[q] = INF;
    return;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    const pq = q * step;
    while (z[k + 1] < pq) k++;
    const dv = pq - v[k] * step;
    d[q] = dv * dv + f[v[k]];
  }
}

/** Squared distance (mm^2) to the nearest voxel where feature[i] !== 0. */
export function squaredDistanceTransform(feature: Uint8Array, dims: Dims, spacing: [number, number, number]): Float64Array {
  const [nx, ny, nz] = dims;
  const out = new Float64Array(nx * ny * nz);
  for (let i = 0; i < out.length; i++) out[i] = feature[i] ? 0 : INF;
  const maxN = Math.max(nx, ny, nz);
  const f = new Float64Array(maxN);
  const d = new Float64Array(maxN);
  const v = new Int32Array(maxN);
  const z = new Float64Array(maxN + 1);
  const stride = [1, nx, nx * ny];
  for (let axis = 0; axis < 3; axis++) {
    const n = dims[axis];
    const s = stride[axis];
    const [a, b] = [0, 1, 2].filter((x) => x !== axis);
    for (let j = 0; j < dims[b]; j++)
      for (let i = 0; i < dims[a]; i++) {
        const base = i * stride[a] + j * stride[b];
        for (let q = 0; q < n; q++) f[q] = out[base + q * s];
        edt1d(f, n, spacing[axis], d, v, z);
        for (let q = 0; q < n; q++) out[base + q * s] = d[q];
      }
  }
  return out;
}
