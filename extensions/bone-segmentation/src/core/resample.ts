/**
 * Separable resampling between an acquisition grid and a coarser (or finer) grid with the same axes.
 *
 * Coarse grid convention (per axis): ceil(n * spacing / coarseSpacing) voxels, centred on the source extent (the
 * overhang split evenly at both ends), so it covers the whole source and is the mirror image of itself when the
 * source is stored in the opposite order (LPS or RAS, reversed slices): the network sees the same voxels either way.
 *
 * Down (target coarser): area averaging, each source voxel weighted by its overlap with the target cell - the
 * block mean the training data were made with, and no aliasing of thin cortex. Up (target finer, e.g. 5 mm slices):
 * linear interpolation.
 * Up: nearest coarse voxel (labels) or trilinear (continuous values), through per-axis lookup tables so a native
 * voxel costs three table reads.
 */
import type { Dims } from './orientation';

export interface AxisFilter {
  nSrc: number;
  nDst: number;
  /** CSR: taps of target t are [offsets[t], offsets[t+1]). */
  offsets: Int32Array;
  src: Int32Array;
  weight: Float32Array;
}

export function coarseCount(nSrc: number, spSrc: number, spDst: number): number {
  return Math.max(1, Math.ceil((nSrc * spSrc) / spDst - 1e-6));
}

/** Half the amount (mm) by which the target grid's extent exceeds the source's: the target starts this far before it. */
export function gridOverhangMm(nSrc: number, spSrc: number, spDst: number, nDst: number): number {
  return (nDst * spDst - nSrc * spSrc) / 2;
}

/** Position (in target voxel units) of source voxel s's centre. */
function srcToDst(s: number, nSrc: number, spSrc: number, spDst: number, nDst: number): number {
  return ((s + 0.5) * spSrc + gridOverhangMm(nSrc, spSrc, spDst, nDst)) / spDst - 0.5;
}

export function axisFilter(nSrc: number, spSrc: number, spDst: number, nDst = coarseCount(nSrc, spSrc, spDst)): AxisFilter {
  const downsampling = spDst > spSrc;
  const overhang = gridOverhangMm(nSrc, spSrc, spDst, nDst);
  const offsets = new Int32Array(nDst + 1);
  const src: number[] = [];
  const weight: number[] = [];
  for (let t = 0; t < nDst; t++) {
    const centre = (t + 0.5) * spDst - 0.5 * spSrc - overhang; // mm from source voxel 0's centre
    const reach = downsampling ? 0.5 * (spDst + spSrc) : spSrc;
    const lo = Math.max(0, Math.ceil((centre - reach) / spSrc - 1e-9));
    const hi = Math.min(nSrc - 1, Math.floor((centre + reach) / spSrc + 1e-9));
    let sum = 0;
    const start = src.length;
    for (let s = lo; s <= hi; s++) {
      const pos = s * spSrc;
      // Area: overlap of the source voxel with the target cell. Linear: tent of one source voxel.
      const w = downsampling
        ? Math.max(0, Math.min(pos + spSrc / 2, centre + spDst / 2) - Math.max(pos - spSrc / 2, centre - spDst / 2)) / spSrc
        : 1 - Math.abs(pos - centre) / spSrc;
      if (w > 1e-6) {
        src.push(s);
        weight.push(w);
        sum += w;
      }
    }
    if (sum === 0) {
      // Past the source extent: clamp to the nearest edge voxel.
      src.push(Math.min(nSrc - 1, Math.max(0, Math.round(centre / spSrc))));
      weight.push(1);
    } else for (let i = start; i < weight.length; i++) weight[i] /= sum;
    offsets[t + 1] = src.length;
  }
  return { nSrc, nDst, offsets, src: Int32Array.from(src), weight: Float32Array.from(weight) };
}

/**
 * Resamples a grid-ordered volume axis by axis. Works one source slice at a time so the extra memory is a few
 * target-sized slices, never a second full-resolution copy.
 */
export function resampleVolume(
  voxels: Int16Array | Float32Array,
  dims: Dims,
  filters: [AxisFilter, AxisFilter, AxisFilter],
  onSlice?: (k: number) => void,
): Float32Array {
  const [fx, fy, fz] = filters;
  const [nx, ny, nz] = dims;
  const [cx, cy, cz] = [fx.nDst, fy.nDst, fz.nDst];
  const out = new Float32Array(cx * cy * cz);
  const rows = new Float32Array(ny * cx);
  const xRuns = runsOf(fx);
  const prefix = new Float64Array(nx + 1);
  const plane = new Float32Array(cx * cy);
  // For each source slice, the target slices it contributes to, with weights.
  const zTaps: Array<Array<[number, number]>> = Array.from({ length: nz }, () => []);
  for (let t = 0; t < cz; t++)
    for (let p = fz.offsets[t]; p < fz.offsets[t + 1]; p++) zTaps[fz.src[p]].push([t, fz.weight[p]]);

  const xOff = fx.offsets;
  const xSrc = fx.src;
  const xW = fx.weight;
  const yOff = fy.offsets;
  const ySrc = fy.src;
  const yW = fy.weight;
  for (let k = 0; k < nz; k++) {
    if (zTaps[k].length === 0) continue;
    const base = k * nx * ny;
    if (xRuns) {
      // Area weights: equal inside each target cell, partial at its two ends. A running sum per row gives each
      // target in a few operations, whatever the number of source voxels per cell.
      const { first, last, wFirst, wLast, wInner } = xRuns;
      for (let j = 0; j < ny; j++) {
        const rowBase = base + j * nx;
        let acc = 0;
        for (let x = 0; x < nx; x++) {
          prefix[x] = acc;
          acc += voxels[rowBase + x];
        }
        prefix[nx] = acc;
        const o = j * cx;
        for (let t = 0; t < cx; t++) {
          const a = first[t];
          const b = last[t];
          rows[o + t] =
            a === b
              ? voxels[rowBase + a]
              : wFirst[t] * voxels[rowBase + a] + wLast[t] * voxels[rowBase + b] + wInner[t] * (prefix[b] - prefix[a + 1]);
        }
      }
    } else {
      for (let j = 0; j < ny; j++) {
        const rowBase = base + j * nx;
        const o = j * cx;
        for (let t = 0; t < cx; t++) {
          let acc = 0;
          const end = xOff[t + 1];
          for (let p = xOff[t]; p < end; p++) acc += xW[p] * voxels[rowBase + xSrc[p]];
          rows[o + t] = acc;
        }
      }
    }
    plane.fill(0);
    for (let t = 0; t < cy; t++) {
      const o = t * cx;
      const end = yOff[t + 1];
      for (let p = yOff[t]; p < end; p++) {
        const w = yW[p];
        const r = ySrc[p] * cx;
        for (let x = 0; x < cx; x++) plane[o + x] += w * rows[r + x];
      }
    }
    for (const [t, w] of zTaps[k]) {
      const o = t * cx * cy;
      for (let q = 0; q < plane.length; q++) out[o + q] += w * plane[q];
    }
    onSlice?.(k);
  }
  return out;
}

/**
 * The filter as contiguous runs (first, last source voxel, their weights and one weight for all voxels between)
 * when every target's taps are contiguous with equal inner weights, as area averaging gives; null otherwise.
 */
function runsOf(f: AxisFilter): { first: Int32Array; last: Int32Array; wFirst: Float64Array; wLast: Float64Array; wInner: Float64Array } | null {
  const first = new Int32Array(f.nDst);
  const last = new Int32Array(f.nDst);
  const wFirst = new Float64Array(f.nDst);
  const wLast = new Float64Array(f.nDst);
  const wInner = new Float64Array(f.nDst);
  for (let t = 0; t < f.nDst; t++) {
    const a = f.offsets[t];
    const b = f.offsets[t + 1] - 1;
    for (let p = a + 1; p <= b; p++) if (f.src[p] !== f.src[p - 1] + 1) return null;
    for (let p = a + 2; p < b; p++) if (Math.abs(f.weight[p] - f.weight[a + 1]) > 1e-6) return null;
    first[t] = f.src[a];
    last[t] = f.src[b];
    wFirst[t] = f.weight[a];
    wLast[t] = f.weight[b];
    wInner[t] = b - a >= 2 ? f.weight[a + 1] : 0;
  }
  return { first, last, wFirst, wLast, wInner };
}

/** For each source index, the nearest target index (a source voxel's label comes from the target voxel it lies in). */
export function nearestIndexTable(nSrc: number, spSrc: number, spDst: number, nDst: number): Int32Array {
  const t = new Int32Array(nSrc);
  for (let s = 0; s < nSrc; s++) t[s] = Math.min(nDst - 1, Math.max(0, Math.round(srcToDst(s, nSrc, spSrc, spDst, nDst))));
  return t;
}

/** For each source index, the lower target neighbour and the weight of the upper one, for linear interpolation. */
export function linearIndexTable(nSrc: number, spSrc: number, spDst: number, nDst: number): { lo: Int32Array; frac: Float32Array } {
  const lo = new Int32Array(nSrc);
  const frac = new Float32Array(nSrc);
  for (let s = 0; s < nSrc; s++) {
    const u = Math.min(nDst - 1, Math.max(0, srcToDst(s, nSrc, spSrc, spDst, nDst)));
    const l = Math.min(nDst - 2, Math.floor(u));
    lo[s] = Math.max(0, l);
    frac[s] = nDst === 1 ? 0 : u - lo[s];
  }
  return { lo, frac };
}

/** Trilinear upsampling of a coarse grid-ordered field to the fine grid (used for continuous maps and in tests). */
export function upsampleTrilinear(
  coarse: Float32Array,
  coarseDims: Dims,
  fineDims: Dims,
  fineSpacing: [number, number, number],
  coarseSpacing: [number, number, number],
): Float32Array {
  const t = [0, 1, 2].map((a) => linearIndexTable(fineDims[a], fineSpacing[a], coarseSpacing[a], coarseDims[a]));
  const [cx, cy, cz] = coarseDims;
  const sy = cx;
  const sz = cx * cy;
  const out = new Float32Array(fineDims[0] * fineDims[1] * fineDims[2]);
  let o = 0;
  for (let k = 0; k < fineDims[2]; k++) {
    const z0 = t[2].lo[k];
    const fz = t[2].frac[k];
    const z1 = Math.min(cz - 1, z0 + 1);
    for (let j = 0; j < fineDims[1]; j++) {
      const y0 = t[1].lo[j];
      const fy = t[1].frac[j];
      const y1 = Math.min(cy - 1, y0 + 1);
      for (let i = 0; i < fineDims[0]; i++) {
        const x0 = t[0].lo[i];
        const fx = t[0].frac[i];
        const x1 = Math.min(cx - 1, x0 + 1);
        const c00 = coarse[z0 * sz + y0 * sy + x0] * (1 - fx) + coarse[z0 * sz + y0 * sy + x1] * fx;
        const c01 = coarse[z0 * sz + y1 * sy + x0] * (1 - fx) + coarse[z0 * sz + y1 * sy + x1] * fx;
        const c10 = coarse[z1 * sz + y0 * sy + x0] * (1 - fx) + coarse[z1 * sz + y0 * sy + x1] * fx;
        const c11 = coarse[z1 * sz + y1 * sy + x0] * (1 - fx) + coarse[z1 * sz + y1 * sy + x1] * fx;
        out[o++] = (c00 * (1 - fy) + c01 * fy) * (1 - fz) + (c10 * (1 - fy) + c11 * fy) * fz;
      }
    }
  }
  return out;
}

/** Nearest-neighbour upsampling of a coarse labelmap to the fine grid. */
export function upsampleNearest(
  coarse: Uint8Array,
  coarseDims: Dims,
  fineDims: Dims,
  fineSpacing: [number, number, number],
  coarseSpacing: [number, number, number],
): Uint8Array {
  const t = [0, 1, 2].map((a) => nearestIndexTable(fineDims[a], fineSpacing[a], coarseSpacing[a], coarseDims[a]));
  const out = new Uint8Array(fineDims[0] * fineDims[1] * fineDims[2]);
  let o = 0;
  for (let k = 0; k < fineDims[2]; k++) {
    const zo = t[2][k] * coarseDims[0] * coarseDims[1];
    for (let j = 0; j < fineDims[1]; j++) {
      const yo = zo + t[1][j] * coarseDims[0];
      for (let i = 0; i < fineDims[0]; i++) out[o++] = coarse[yo + t[0][i]];
    }
  }
  return out;
}
