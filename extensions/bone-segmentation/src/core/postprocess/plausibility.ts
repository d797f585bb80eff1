/**
 * Anatomical plausibility checks on the coarse class map, for mistakes a network trained on lower limbs makes on
 * scans it was not trained for.
 *
 * Arms: on an abdominal or chest CT with the arms down, each humerus lies beside the torso and looks like a femoral
 * shaft. Two "femurs" much farther apart than two thighs can be, neither of them next to a hip bone, tibia, fibula
 * or patella (a femur always meets one of them at the hip or the knee, unless the scan shows only its shaft, and
 * then the two shafts are close), are arms: they are removed.
 *
 * A lone hip bone: the acetabulum always holds a femoral head and the ilium always meets the sacrum, so a scan of
 * lower-limb anatomy that shows a hip bone also shows a femur, the sacrum or the other hip bone. One connected
 * "hip bone" with none of these (and no tibia, fibula or patella) is another bone (a vertebra, ribs) and is removed.
 */
import { fullBox } from '../box';
import type { Dims } from '../orientation';
import { nearestLabelWithin } from './coarse-maps';
import { labelComponents } from './components';
import type { WorldXRow } from './sides';

/** Femoral shafts of even a large adult lie closer than this (centroid to centroid, patient x). */
export const MAX_FEMUR_SEPARATION_MM = 320;

/** A femur's hip or knee partner lies within this (coarse voxels) of it. */
const ANCHOR_REACH_VOXELS = 3;

export function removeArmsCalledFemurs(classMap: Uint8Array, dims: Dims, classes: string[], worldX: WorldXRow): boolean {
  const femur = classes.indexOf('femur');
  if (femur < 0) return false;
  const anchors = ['hip', 'tibia', 'fibula', 'patella'].map((b) => classes.indexOf(b)).filter((c) => c >= 0);
  const anchorMask = new Uint8Array(classMap.length);
  for (let p = 0; p < classMap.length; p++) if (anchors.includes(classMap[p])) anchorMask[p] = 1;
  const nearAnchor = nearestLabelWithin(anchorMask, dims, ANCHOR_REACH_VOXELS);
  const cc = labelComponents(classMap, dims, femur, fullBox(dims));
  if (cc.sizes.length < 3) return false;
  const [nx, ny] = dims;
  const sum = new Float64Array(cc.sizes.length);
  for (let p = 0; p < cc.ids.length; p++) {
    const id = cc.ids[p];
    if (id <= 0) continue;
    const x = p % nx;
    const y = Math.floor(p / nx) % ny;
    const z = Math.floor(p / (nx * ny));
    sum[id] += worldX[0] + worldX[1] * x + worldX[2] * y + worldX[3] * z;
  }
  const order = cc.sizes.map((s, id) => [s, id]).slice(1).sort((a, b) => b[0] - a[0]);
  const [a, b] = [order[0][1], order[1][1]];
  for (let p = 0; p < cc.ids.length; p++) if ((cc.ids[p] === a || cc.ids[p] === b) && nearAnchor[p]) return false;
  const separation = Math.abs(sum[a] / cc.sizes[a] - sum[b] / cc.sizes[b]);
  if (separation <= MAX_FEMUR_SEPARATION_MM) return false;
  for (let p = 0; p < classMap.length; p++) if (classMap[p] === femur) classMap[p] = 0;
  return true;
}

export function removeLoneHipBone(classMap: Uint8Array, dims: Dims, classes: string[]): boolean {
  const hip = classes.indexOf('hip');
  if (hip < 0) return false;
  const others = classes.map((_, c) => c).filter((c) => c > 0 && c !== hip);
  for (let p = 0; p < classMap.length; p++) if (others.includes(classMap[p])) return false;
  const cc = labelComponents(classMap, dims, hip, fullBox(dims));
  if (cc.sizes.length !== 2) return false;
  for (let p = 0; p < classMap.length; p++) if (classMap[p] === hip) classMap[p] = 0;
  return true;
}
