/**
 * Labels at native resolution from the network's probabilities, with the CT deciding only near the network's
 * surface, by thresholds estimated from this scan.
 *
 * Why this shape: real bone at 3 mm reads 100-600 HU (elderly, osteoporotic: cancellous 0-150 HU, fatty marrow),
 * so any rule that needs bright voxels to call bone leaves cortical rims. The network sees the whole bone; where it
 * is sure, the voxel is that bone whatever its HU (cortex, cancellous bone and marrow alike). The CT is sharper than
 * the 4 mm grid, so in a band around the network's surface it moves the boundary to the bone's edge:
 *
 * 1. `networkLabels`: per native voxel, the trilinear mix of the eight coarse voxels around it. Each coarse voxel
 *    votes its bone probability for its (sided) label and the rest for background. Bone probability of the mix
 *    >= bandHigh: interior, that label. In [0.5, bandHigh): inner band. In (bandLow, 0.5): outer band.
 * 2. `estimateContrast`: this scan's soft tissue beside the bones (median and robust spread of the outer band) and
 *    its cortex (a high percentile of what the network calls bone). No fixed Hounsfield threshold: elderly bone at 3 mm and
 *    young cortex at 1 mm each get their own.
 * 3. `peelSoftTissue`: inner-band voxels no denser than soft tissue that the outside reaches through such voxels are
 *    not bone (soft tissue the coarse grid blurred in). Marrow or cancellous bone behind a cortex is not reached;
 *    where a dim cortex has gaps the peel stops at the interior, so it never hollows a bone.
 * 4. `growIntoBone`: outer-band voxels denser than soft tissue, connected to a labelled bone through such voxels,
 *    join the bone whose front reaches them first (breadth first).
 * 5. `trimHalo`, for coarse voxels only (3-5 mm slices or voxels): one surface layer darker than the local
 *    half-maximum is partial-volume halo, mostly soft tissue.
 * Real pelvic bones in a body (cases 001-003, tuning; MODEL_CARD.md): this replaced a refinement that needed 150 HU
 * to call a voxel bone and 700 HU to call it certain, and raised hip Dice at native resolution from 0.95-0.96 to
 * 0.98-0.99.
 * The band state rides in the label byte's high bits and is cleared at the end.
 */
import { growBox, isEmptyBox, type Box } from '../box';
import type { Dims } from '../orientation';
import { linearIndexTable } from '../resample';
import { nearestLabelWithin } from './coarse-maps';
import { forEachInBox, forEachNeighbourInBox } from './box-walk';
import { IndexQueue } from './index-queue';

export interface NativeLabelParams {
  /** Bone probability of the native mix from which the network alone decides: interior. */
  bandHigh: number;
  /** Below this the voxel is background whatever its HU. */
  bandLow: number;
  /** Percentile of the HU of network-labelled voxels taken as this scan's cortex level. */
  cortexPercentile: number;
  /**
   * Least cortex-minus-soft-tissue contrast (HU) for the CT to be trusted at all; below it (no visible cortex: a
   * very low dose, a heavily smoothed or non-CT image) the network's surface is kept as it is.
   */
  minContrastHu: number;
  /** Soft tissue ends this many robust standard deviations above its median: brighter is bone mineral. */
  softTissueSpread: number;
  /**
   * Voxels this coarse (largest spacing, mm) or coarser lose one layer of partial-volume halo (`trimHalo`). At
   * ~1 mm the scanner's blur, not the voxel, sets the edge and expert labels include the halo voxels (real pelvis
   * cases 001-003: trimming there cost 0.02 hip Dice); at 3-5 mm a surface voxel is mostly soft tissue when it is
   * darker than the local half-maximum (trimming gained 0.005-0.03).
   */
  haloTrimFromMm: number;
  /**
   * Reach (coarse voxels) beyond the band for bone at or above the cortex edge (half-maximum) that is connected to a
   * labelled bone: where the network under-segments (a patella, real-CT texture) the CT completes the bone; a
   * disconnected bright structure out there (a vessel, the table) is never reached.
   */
  reachCoarseVoxels: number;
}

export const DEFAULT_NATIVE_LABELS: NativeLabelParams = {
  bandHigh: 0.9,
  bandLow: 0.1,
  cortexPercentile: 0.9,
  minContrastHu: 120,
  softTissueSpread: 3,
  haloTrimFromMm: 2.5,
  reachCoarseVoxels: 2,
};

export const INNER = 0x40;
export const OUTER = 0x20;
export const FAR = 0x80;
const VALUE_BITS = 0x1f;

export interface NetworkLabelInput {
  dims: Dims;
  spacing: [number, number, number];
  /** Final label values on the coarse grid, grid axis order. */
  coarseLabels: Uint8Array;
  /** Bone probability (1 - background) per coarse voxel, grid axis order. */
  coarseBone: Float32Array;
  coarseDims: Dims;
  coarseSpacing: [number, number, number];
}

/**
 * Native labels from the coarse probabilities, band voxels flagged (INNER / OUTER bits) and voxels within the reach
 * beyond the band flagged FAR with their nearest bone; returns the box used.
 */
export function networkLabels(input: NetworkLabelInput, params: NativeLabelParams, labels: Uint8Array): Box {
  const { dims, coarseDims, coarseLabels, coarseBone } = input;
  const [nx, ny] = dims;
  const [cx, cy, cz] = coarseDims;
  const t = [0, 1, 2].map((a) => linearIndexTable(dims[a], input.spacing[a], input.coarseSpacing[a], coarseDims[a]));
  const near = params.reachCoarseVoxels > 0 ? nearestLabelWithin(coarseLabels, coarseDims, params.reachCoarseVoxels) : coarseLabels;
  const box = nativeBoxOfLabels(near, coarseDims, t.map((x) => x.lo) as [Int32Array, Int32Array, Int32Array], dims);
  if (isEmptyBox(box)) return box;
  const score = new Float32Array(VALUE_BITS + 1);
  const corners = new Int32Array(8);
  const weights = new Float32Array(8);
  for (let k = box.min[2]; k < box.max[2]; k++) {
    const z0 = t[2].lo[k];
    const fz = t[2].frac[k];
    const z1 = Math.min(cz - 1, z0 + 1);
    for (let j = box.min[1]; j < box.max[1]; j++) {
      const y0 = t[1].lo[j];
      const fy = t[1].frac[j];
      const y1 = Math.min(cy - 1, y0 + 1);
      const row = k * nx * ny + j * nx;
      for (let i = box.min[0]; i < box.max[0]; i++) {
        const x0 = t[0].lo[i];
        const fx = t[0].frac[i];
        const x1 = Math.min(cx - 1, x0 + 1);
        const a = z0 * cx * cy;
        const b = z1 * cx * cy;
        corners[0] = a + y0 * cx + x0;
        corners[1] = a + y0 * cx + x1;
        corners[2] = a + y1 * cx + x0;
        corners[3] = a + y1 * cx + x1;
        corners[4] = b + y0 * cx + x0;
        corners[5] = b + y0 * cx + x1;
        corners[6] = b + y1 * cx + x0;
        corners[7] = b + y1 * cx + x1;
        if (
          (coarseLabels[corners[0]] | coarseLabels[corners[1]] | coarseLabels[corners[2]] | coarseLabels[corners[3]] |
            coarseLabels[corners[4]] | coarseLabels[corners[5]] | coarseLabels[corners[6]] | coarseLabels[corners[7]]) === 0
        ) {
          const n = near[(fz < 0.5 ? z0 : z1) * cx * cy + (fy < 0.5 ? y0 : y1) * cx + (fx < 0.5 ? x0 : x1)];
          if (n !== 0) labels[row + i] = n | FAR;
          continue;
        }
        weights[0] = (1 - fz) * (1 - fy) * (1 - fx);
        weights[1] = (1 - fz) * (1 - fy) * fx;
        weights[2] = (1 - fz) * fy * (1 - fx);
        weights[3] = (1 - fz) * fy * fx;
        weights[4] = fz * (1 - fy) * (1 - fx);
        weights[5] = fz * (1 - fy) * fx;
        weights[6] = fz * fy * (1 - fx);
        weights[7] = fz * fy * fx;
        // At least one corner is labelled here (the all-background case took the FAR branch above).
        let bg = 0;
        for (let c = 0; c < 8; c++) {
          const l = coarseLabels[corners[c]];
          const p = coarseBone[corners[c]];
          const w = weights[c];
          if (l === 0) bg += p >= 0.5 ? w : w * (1 - p); // a removed piece (p >= 0.5, label 0) is a decided "no"
          else {
            score[l] += w * p;
            bg += w * (1 - p);
          }
        }
        let best = 0;
        let bestScore = 0;
        let bone = 0;
        for (let c = 0; c < 8; c++) {
          const l = coarseLabels[corners[c]];
          if (l === 0) continue;
          const s = score[l];
          if (s > bestScore) {
            bestScore = s;
            best = l;
          }
        }
        for (let c = 0; c < 8; c++) {
          const l = coarseLabels[corners[c]];
          if (l !== 0 && score[l] > 0) {
            bone += score[l];
            score[l] = 0;
          }
        }
        const p = bone / (bone + bg);
        if (p >= params.bandHigh) labels[row + i] = best;
        else if (p >= 0.5) labels[row + i] = best | INNER;
        else if (p > params.bandLow) labels[row + i] = best | OUTER;
        else labels[row + i] = best | FAR;
      }
    }
  }
  return box;
}

export interface BoneContrast {
  /** Median HU of soft tissue beside the bones (outer band, air excluded). */
  tissueHu: number;
  /** The cortex level: a high percentile of the voxels the network calls bone (interior and inner band). */
  cortexHu: number;
  /** Midpoint of the two: the bone edge. */
  edgeHu: number;
  /**
   * Upper end of this scan's soft tissue: median + 3 robust sd of the outer band's soft tissue (below the Otsu split
   * between soft tissue and bone); darker is not bone mineral.
   */
  softTissueMaxHu: number;
  /** False when the contrast is too low for the CT to move the network's surface. */
  usable: boolean;
}

const HIST_LO = -1000;
const HIST_HI = 3000;

/** Soft tissue and cortex levels of this scan, from the band voxels of `networkLabels`. */
export function estimateContrast(hu: ArrayLike<number>, labels: Uint8Array, dims: Dims, box: Box, params: NativeLabelParams): BoneContrast {
  const bins = HIST_HI - HIST_LO + 1;
  const outer = new Uint32Array(bins);
  const inner = new Uint32Array(bins);
  let nOuter = 0;
  let nInner = 0;
  forEachInBox(dims, box, (p) => {
    if (labels[p] === 0 || (labels[p] & FAR) !== 0) return;
    const f = labels[p] & (INNER | OUTER);
    const h = Math.round(Math.min(HIST_HI, Math.max(HIST_LO, hu[p])));
    if (f === OUTER) {
      if (h > -400) {
        outer[h - HIST_LO]++;
        nOuter++;
      }
    } else {
      inner[h - HIST_LO]++;
      nInner++;
    }
  });
  if (nOuter === 0 || nInner === 0) return NO_CONTRAST;
  // Soft tissue: the outer band's voxels below the Otsu split of the band and the bone together (the outer band also
  // holds the bone the network under-segmented, which must not widen the soft tissue's spread).
  const both = new Uint32Array(bins);
  for (let b = 0; b < bins; b++) both[b] = outer[b] + inner[b];
  const split = otsuThreshold(both);
  const soft = outer.slice(0, split);
  const nSoft = soft.reduce((a, b) => a + b, 0);
  if (nSoft === 0) return NO_CONTRAST;
  const tissueHu = percentile(soft, nSoft, 0.5) + HIST_LO;
  const spread = Math.max(5, 1.4826 * absoluteDeviationMedian(soft, tissueHu - HIST_LO, nSoft));
  const cortexHu = percentile(inner, nInner, params.cortexPercentile) + HIST_LO;
  const usable = cortexHu - tissueHu >= params.minContrastHu;
  if (!usable) return NO_CONTRAST;
  const softTissueMaxHu = Math.min(split + HIST_LO, tissueHu + params.softTissueSpread * spread);
  return { tissueHu, cortexHu, edgeHu: (tissueHu + cortexHu) / 2, softTissueMaxHu, usable };
}

/** Otsu's threshold (bin index): the split of a histogram into two classes with the largest between-class variance. */
function otsuThreshold(hist: Uint32Array): number {
  let total = 0;
  let sum = 0;
  for (let b = 0; b < hist.length; b++) {
    total += hist[b];
    sum += b * hist[b];
  }
  let w0 = 0;
  let sum0 = 0;
  let best = 0;
  let bestVar = -1;
  for (let b = 0; b < hist.length; b++) {
    w0 += hist[b];
    if (w0 === 0) continue;
    const w1 = total - w0;
    if (w1 === 0) break;
    sum0 += b * hist[b];
    const m0 = sum0 / w0;
    const m1 = (sum - sum0) / w1;
    const v = w0 * w1 * (m0 - m1) * (m0 - m1);
    if (v > bestVar) {
      bestVar = v;
      best = b + 1;
    }
  }
  return best;
}

const NO_CONTRAST: BoneContrast = { tissueHu: 0, cortexHu: 0, edgeHu: Infinity, softTissueMaxHu: -Infinity, usable: false };

/** Median of |bin - centre| over a histogram. */
function absoluteDeviationMedian(hist: Uint32Array, centre: number, n: number): number {
  const dev = new Uint32Array(hist.length);
  for (let b = 0; b < hist.length; b++) dev[Math.abs(b - centre)] += hist[b];
  return percentile(dev, n, 0.5);
}

/** Inner-band voxels no denser than soft tissue that the outside reaches through such voxels become background. */
export function peelSoftTissue(hu: ArrayLike<number>, labels: Uint8Array, dims: Dims, box: Box, maxHu: number): number {
  const [nx, ny] = dims;
  const sxy = nx * ny;
  const queue = new IndexQueue(1 << 16);
  const dark = (q: number): boolean => (labels[q] & INNER) !== 0 && hu[q] < maxHu;
  const outside = (q: number): boolean => labels[q] === 0 || (labels[q] & (OUTER | FAR)) !== 0;
  forEachInBox(dims, box, (p, x, y, z) => {
    if (!dark(p)) return;
    if (
      x === 0 || outside(p - 1) || x === nx - 1 || outside(p + 1) ||
      y === 0 || outside(p - nx) || y === ny - 1 || outside(p + nx) ||
      z === 0 || outside(p - sxy) || z === dims[2] - 1 || outside(p + sxy)
    )
      queue.push(p);
  });
  for (let i = 0; i < queue.length; i++) labels[queue.items[i]] = 0;
  let peeled = queue.length;
  for (let head = 0; head < queue.length; head++) {
    forEachNeighbourInBox(queue.items[head], dims, box, (q) => {
      if (!dark(q)) return;
      labels[q] = 0;
      queue.push(q);
      peeled++;
    });
  }
  queue.clear(true);
  return peeled;
}

/**
 * Voxels flagged `flag` (OUTER or FAR) at or above `minHu`, reached from a labelled bone through such voxels, take
 * that bone's label (breadth first: nearest bone wins) and stay band (INNER) for `trimHalo`. Flagged voxels not
 * reached keep their flag; the caller makes them background.
 */
export function growIntoBone(hu: ArrayLike<number>, labels: Uint8Array, dims: Dims, box: Box, minHu: number, flag = OUTER): number {
  const queue = new IndexQueue(1 << 16);
  const candidate = (q: number): boolean => (labels[q] & flag) !== 0 && hu[q] >= minHu;
  forEachInBox(dims, box, (p) => {
    const l = labels[p];
    if (l === 0 || (l & (OUTER | FAR)) !== 0) return;
    let seed = false;
    forEachNeighbourInBox(p, dims, box, (q) => {
      if (candidate(q)) seed = true;
    });
    if (seed) queue.push(p);
  });
  let grown = 0;
  for (let head = 0; head < queue.length; head++) {
    const p = queue.items[head];
    const l = labels[p] & VALUE_BITS;
    forEachNeighbourInBox(p, dims, box, (q) => {
      if (!candidate(q)) return;
      labels[q] = l | INNER; // bone now, still band (for trimHalo)
      queue.push(q);
      grown++;
    });
  }
  queue.clear(true);
  return grown;
}

/**
 * One layer of partial-volume halo off the band: a band voxel on the bone's surface (a 6-neighbour is background)
 * darker than halfway between soft tissue and the brightest voxel around it (3x3x3) is mostly soft tissue.
 */
export function trimHalo(hu: ArrayLike<number>, labels: Uint8Array, dims: Dims, box: Box, tissueHu: number): number {
  const [nx, ny, nz] = dims;
  const sxy = nx * ny;
  const queue = new IndexQueue(1 << 16);
  forEachInBox(dims, box, (p, x, y, z) => {
    if ((labels[p] & INNER) === 0) return;
    let surface = false;
    forEachNeighbourInBox(p, dims, box, (q) => {
      if (labels[q] === 0) surface = true;
    });
    if (!surface) return;
    let max = -Infinity;
    for (let k = Math.max(0, z - 1); k <= Math.min(nz - 1, z + 1); k++)
      for (let j = Math.max(0, y - 1); j <= Math.min(ny - 1, y + 1); j++)
        for (let i = Math.max(0, x - 1); i <= Math.min(nx - 1, x + 1); i++) max = Math.max(max, hu[k * sxy + j * nx + i]);
    if (hu[p] < (tissueHu + max) / 2) queue.push(p);
  });
  for (let i = 0; i < queue.length; i++) labels[queue.items[i]] = 0;
  const trimmed = queue.length;
  queue.clear(true);
  return trimmed;
}

export interface NativeLabelsResult {
  labels: Uint8Array;
  box: Box;
  contrast: BoneContrast;
  peeled: number;
  grown: number;
  trimmed: number;
}

/** The whole native step: network labels, this scan's contrast, then peel, grow and (coarse voxels) trim in the band. */
export function labelsAtNativeResolution(
  hu: Int16Array | Float32Array,
  input: NetworkLabelInput,
  params: NativeLabelParams = DEFAULT_NATIVE_LABELS,
): NativeLabelsResult {
  const { dims } = input;
  const labels = new Uint8Array(dims[0] * dims[1] * dims[2]);
  const box = networkLabels(input, params, labels);
  const contrast = isEmptyBox(box) ? NO_CONTRAST : estimateContrast(hu, labels, dims, box, params);
  let peeled = 0;
  let grown = 0;
  let trimmed = 0;
  if (contrast.usable) {
    peeled = peelSoftTissue(hu, labels, dims, box, contrast.softTissueMaxHu);
    grown = growIntoBone(hu, labels, dims, box, contrast.softTissueMaxHu, OUTER);
    grown += growIntoBone(hu, labels, dims, box, contrast.edgeHu, FAR);
  }
  if (isEmptyBox(box)) return { labels, box, contrast, peeled, grown, trimmed };
  // What was not grown into is background; without contrast that leaves the network's surface (inner band bone).
  forEachInBox(dims, box, (p) => {
    if ((labels[p] & (OUTER | FAR)) !== 0) labels[p] = 0;
  });
  if (contrast.usable && Math.max(...input.spacing) >= params.haloTrimFromMm) trimmed = trimHalo(hu, labels, dims, box, contrast.tissueHu);
  forEachInBox(dims, box, (p) => {
    labels[p] &= VALUE_BITS;
  });
  return { labels, box, contrast, peeled, grown, trimmed };
}

function percentile(hist: Uint32Array, n: number, q: number): number {
  const target = q * (n - 1);
  let seen = 0;
  for (let b = 0; b < hist.length; b++) {
    seen += hist[b];
    if (seen > target) return b;
  }
  return hist.length - 1;
}

/** Native box of the coarse voxels that hold a label, grown by one coarse voxel's worth (the outer band). */
function nativeBoxOfLabels(coarse: Uint8Array, coarseDims: Dims, lo: [Int32Array, Int32Array, Int32Array], dims: Dims): Box {
  const cmin = [Infinity, Infinity, Infinity];
  const cmax = [-1, -1, -1];
  let p = 0;
  for (let z = 0; z < coarseDims[2]; z++)
    for (let y = 0; y < coarseDims[1]; y++)
      for (let x = 0; x < coarseDims[0]; x++, p++) {
        if (coarse[p] === 0) continue;
        const c = [x, y, z];
        for (let a = 0; a < 3; a++) {
          cmin[a] = Math.min(cmin[a], c[a]);
          cmax[a] = Math.max(cmax[a], c[a]);
        }
      }
  const min: [number, number, number] = [0, 0, 0];
  const max: [number, number, number] = [0, 0, 0];
  if (cmax[0] < 0) return { min, max };
  for (let a = 0; a < 3; a++) {
    // A native voxel mixes coarse lo and lo + 1: it can see a label when lo is within [cmin - 1, cmax].
    let first = -1;
    let last = -1;
    for (let i = 0; i < lo[a].length; i++)
      if (lo[a][i] >= cmin[a] - 1 && lo[a][i] <= cmax[a]) {
        if (first < 0) first = i;
        last = i;
      }
    min[a] = Math.max(0, first);
    max[a] = last + 1;
  }
  return growBox({ min, max }, [1, 1, 1], dims);
}
