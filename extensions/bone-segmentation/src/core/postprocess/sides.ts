/**
 * Left/right from patient coordinates. The network predicts side-less bones; the side of each voxel comes from
 * the patient's x coordinate (LPS: +x is the patient's left), never from image sides.
 *
 * Bilateral scans: the midline is the sacrum's centre, else halfway between the two hip bones (or femurs,
 * tibias, ...). A component that lies on one side of the midline takes that side as a whole; one that straddles
 * it (hip bones fused at the symphysis at coarse resolution) is split near the midline, and around it the native
 * refinement decides from the CT.
 * One leg: anatomy decides (the fibula lies lateral to the tibia; the femur lateral to the hip bone), else the sign
 * of patient x.
 */
import { boxSize, fullBox } from '../box';
import { isBilateral, labelValueOf, type Side } from '../label-table';
import type { Dims } from '../orientation';
import { labelComponents } from './components';

/** Patient x (mm) of LPS-grid voxel (x, y, z) = c[0] + c[1]*x + c[2]*y + c[3]*z. */
export type WorldXRow = [number, number, number, number];

interface ComponentInfo {
  cls: number;
  id: number;
  size: number;
  centroidX: number;
  minX: number;
  maxX: number;
  fractionLeft: number;
}

export interface SideDecision {
  /** Patient x of the midline, when both sides are present. */
  midline: number | null;
  /** The side of a one-leg scan, and why. */
  singleSide: Side | null;
  rule: string;
}

export interface SideResult {
  labels: Uint8Array;
  decision: SideDecision;
}

const MIN_PAIR_SEPARATION_MM = 50;
/** Two hip bones fused into one component span more than this across the patient. */
const FUSED_HIPS_WIDTH_MM = 140;

export function assignSides(classMap: Uint8Array, dims: Dims, classes: string[], worldX: WorldXRow, voxelMl: number): SideResult {
  const box = fullBox(dims);
  const [nx, ny] = boxSize(box);
  const wx = (p: number): number => {
    const x = p % nx;
    const y = Math.floor(p / nx) % ny;
    const z = Math.floor(p / (nx * ny));
    return worldX[0] + worldX[1] * x + worldX[2] * y + worldX[3] * z;
  };

  // Components of every class with their patient-x statistics.
  const comps: ComponentInfo[] = [];
  const idsByClass = new Map<number, Int32Array>();
  for (let c = 1; c < classes.length; c++) {
    const cc = labelComponents(classMap, dims, c, box);
    if (cc.sizes.length <= 1) continue;
    idsByClass.set(c, cc.ids);
    const sum = new Float64Array(cc.sizes.length);
    const lo = new Float64Array(cc.sizes.length).fill(Infinity);
    const hi = new Float64Array(cc.sizes.length).fill(-Infinity);
    for (let p = 0; p < cc.ids.length; p++) {
      const id = cc.ids[p];
      if (id <= 0) continue;
      const x = wx(p);
      sum[id] += x;
      if (x < lo[id]) lo[id] = x;
      if (x > hi[id]) hi[id] = x;
    }
    for (let id = 1; id < cc.sizes.length; id++)
      comps.push({ cls: c, id, size: cc.sizes[id], centroidX: sum[id] / cc.sizes[id], minX: lo[id], maxX: hi[id], fractionLeft: 0 });
  }
  const ofBone = (bone: string): ComponentInfo[] =>
    comps.filter((k) => classes[k.cls] === bone).sort((a, b) => b.size - a.size);

  const decision = decideMidline(ofBone, voxelMl);
  const labels = new Uint8Array(classMap.length);
  const fixedSide = new Map<string, Side | 'split'>();
  /**
   * Where each split component is cut at coarse resolution: its narrowest cross-section near the midline. Only a first
   * guess (it can be the pubic rami beside the obturator foramen).
   */
  const cutX = new Map<string, number>();
  for (const k of comps) {
    const bone = classes[k.cls];
    let side: Side | 'split';
    if (decision.midline === null) side = decision.singleSide ?? 'left';
    else if (k.minX > decision.midline) side = 'left';
    else if (k.maxX < decision.midline) side = 'right';
    else {
      // Mostly on one side: the whole component goes there; otherwise split voxel by voxel.
      const centreSide = k.centroidX > decision.midline ? 'left' : 'right';
      const spanLeft = k.maxX - decision.midline;
      const spanRight = decision.midline - k.minX;
      const minor = Math.min(spanLeft, spanRight);
      side = !isBilateral(bone) || minor < 0.15 * (k.maxX - k.minX) ? centreSide : 'split';
    }
    fixedSide.set(`${k.cls}:${k.id}`, side);
    if (side === 'split') cutX.set(`${k.cls}:${k.id}`, narrowestNear(classMap, idsByClass.get(k.cls)!, k.id, wx, decision.midline!, Math.abs(worldX[1])));
  }
  for (let p = 0; p < classMap.length; p++) {
    const c = classMap[p];
    if (c === 0) continue;
    const bone = classes[c];
    if (!isBilateral(bone)) {
      labels[p] = labelValueOf(bone, null);
      continue;
    }
    const id = idsByClass.get(c)![p];
    let side = fixedSide.get(`${c}:${id}`)!;
    if (side === 'split') {
      const x = wx(p);
      const cut = cutX.get(`${c}:${id}`)!;
      side = x > cut ? 'left' : 'right';
    }
    labels[p] = labelValueOf(bone, side);
  }
  return { labels, decision };
}

/**
 * The patient x, within SEARCH_MM of the midline, where a component has the fewest voxels per slab: for two hip
 * bones joined by a thin bridge that is the bridge; where they touch broadly at the pubic bodies it can be the
 * rami instead, which is why assignSides contests the band around the midline.
 */
const SEARCH_MM = 30;
function narrowestNear(classMap: Uint8Array, ids: Int32Array, id: number, wx: (p: number) => number, midline: number, binMm: number): number {
  // One bin per coarse voxel column across the patient, so every bin holds whole columns.
  const BIN = Math.max(1, binMm);
  const bins = new Float64Array(Math.ceil((2 * SEARCH_MM) / BIN) + 1);
  for (let p = 0; p < classMap.length; p++) {
    if (ids[p] !== id) continue;
    const b = Math.round((wx(p) - midline + SEARCH_MM) / BIN);
    if (b >= 0 && b < bins.length) bins[b]++;
  }
  // Smooth over 3 bins so a single thin slab (coarse voxels straddling bins) does not decide.
  let best = Math.floor(bins.length / 2);
  let bestCount = Infinity;
  for (let b = 1; b < bins.length - 1; b++) {
    const c = bins[b - 1] + bins[b] + bins[b + 1];
    // Prefer the cut closest to the midline among equals.
    if (c < bestCount || (c === bestCount && Math.abs(b - bins.length / 2) < Math.abs(best - bins.length / 2))) {
      bestCount = c;
      best = b;
    }
  }
  return midline - SEARCH_MM + best * BIN;
}

function decideMidline(ofBone: (bone: string) => ComponentInfo[], voxelMl: number): SideDecision {
  const sacrum = ofBone('sacrum');
  const sacrumMl = sacrum.reduce((s, k) => s + k.size, 0) * voxelMl;
  if (sacrum.length && sacrumMl >= 5) return { midline: sacrum[0].centroidX, singleSide: null, rule: 'sacrum centre' };
  for (const bone of ['hip', 'femur', 'tibia', 'patella', 'fibula']) {
    const ks = ofBone(bone);
    if (ks.length >= 2 && ks[1].size >= 0.2 * ks[0].size && Math.abs(ks[0].centroidX - ks[1].centroidX) > MIN_PAIR_SEPARATION_MM)
      return { midline: (ks[0].centroidX + ks[1].centroidX) / 2, singleSide: null, rule: `between the two ${bone} components` };
  }
  const hips = ofBone('hip');
  if (hips.length && hips[0].maxX - hips[0].minX > FUSED_HIPS_WIDTH_MM)
    return { midline: (hips[0].minX + hips[0].maxX) / 2, singleSide: null, rule: 'centre of the pelvis' };

  const tibia = ofBone('tibia')[0];
  const fibula = ofBone('fibula')[0];
  if (tibia && fibula && Math.abs(fibula.centroidX - tibia.centroidX) > 5)
    return { midline: null, singleSide: fibula.centroidX > tibia.centroidX ? 'left' : 'right', rule: 'fibula lateral to tibia' };
  const femur = ofBone('femur')[0];
  const hip = hips[0];
  if (femur && hip && Math.abs(femur.centroidX - hip.centroidX) > 5)
    return { midline: null, singleSide: femur.centroidX > hip.centroidX ? 'left' : 'right', rule: 'femur lateral to hip bone' };
  const largest = [femur, tibia, hip, fibula, ofBone('patella')[0]].filter(Boolean).sort((a, b) => b!.size - a!.size)[0];
  return {
    midline: null,
    singleSide: largest && largest.centroidX < 0 ? 'right' : 'left',
    rule: 'sign of patient x',
  };
}
