/**
 * Anatomical plausibility checks on the coarse class map, for mistakes a network trained on lower limbs makes on
 * scans it was not trained for.
 *
 * Arms and ribs: on an abdominal or chest CT, each humerus (arms down) and the lateral ribs lie beside the torso and
 * look like sections of a femur or tibia. Leg long bones (femur, tibia, fibula) fall into two pieces, one per leg,
 * that are never farther apart than two thighs can be. Two pieces much farther apart than that, neither of them next
 * to a hip bone or patella (a femur meets the hip bone at the hip, and the patella at the knee), are arms or ribs:
 * every femur, tibia and fibula voxel is removed. (A humerus once, on an abdominal CT, and ribs on the real
 * abdominal series, called "Femur L" and "Tibia R" 417 mm apart.)
 *
 * Hip bones alone: the acetabulum always holds a femoral head, and the ilium meets the sacrum; below the sacrum the
 * pubis and ischium lie level with the femoral heads and necks. So a scan that shows hip bone also shows a femur or
 * the sacrum. "Hip bone" with neither (and no tibia, fibula or patella) is another bone (a vertebra, ribs) and is
 * removed, in one piece or several. (Only a thin slab through the top of the iliac crests would lose a true hip
 * bone; that scan is not a lower-limb study.)
 */
import { fullBox } from '../box';
import type { Dims } from '../orientation';
import { nearestLabelWithin } from './coarse-maps';
import { labelComponents } from './components';
import type { WorldXRow } from './sides';

/** The two legs' long bones of even a large adult lie closer than this (centroid to centroid, patient x). */
export const MAX_LEG_SEPARATION_MM = 320;

/** A femur's hip or knee (patella) partner lies within this (coarse voxels) of it. */
const ANCHOR_REACH_VOXELS = 3;

export function removeArmsAndRibsCalledLegBones(classMap: Uint8Array, dims: Dims, classes: string[], worldX: WorldXRow): boolean {
  const longBones = ['femur', 'tibia', 'fibula'].map((b) => classes.indexOf(b)).filter((c) => c >= 0);
  if (!longBones.length) return false;
  const anchors = ['hip', 'patella'].map((b) => classes.indexOf(b)).filter((c) => c >= 0);
  const anchorMask = new Uint8Array(classMap.length);
  const longMask = new Uint8Array(classMap.length);
  for (let p = 0; p < classMap.length; p++) {
    if (anchors.includes(classMap[p])) anchorMask[p] = 1;
    if (longBones.includes(classMap[p])) longMask[p] = 1;
  }
  const nearAnchor = nearestLabelWithin(anchorMask, dims, ANCHOR_REACH_VOXELS);
  const cc = labelComponents(longMask, dims, 1, fullBox(dims));
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
  if (separation <= MAX_LEG_SEPARATION_MM) return false;
  for (let p = 0; p < classMap.length; p++) if (longMask[p]) classMap[p] = 0;
  return true;
}

export function removeLoneHipBone(classMap: Uint8Array, dims: Dims, classes: string[]): boolean {
  const hip = classes.indexOf('hip');
  if (hip < 0) return false;
  const others = classes.map((_, c) => c).filter((c) => c > 0 && c !== hip);
  for (let p = 0; p < classMap.length; p++) if (others.includes(classMap[p])) return false;
  let removed = false;
  for (let p = 0; p < classMap.length; p++) {
    if (classMap[p] !== hip) continue;
    classMap[p] = 0;
    removed = true;
  }
  return removed;
}
