/**
 * Hip joints decided by the CT rather than by the coarse grid. At 4 mm the network can call a femoral head hip bone:
 * head and acetabulum are one blur there. At native resolution the joint space between them is visible, so the hip
 * bone's prediction near each femur is made undecided: no hip seeds there, femur allowed too (`refine.ts`
 * `contested`). The femur's own prediction keeps its seeds, so its front fills the head from the neck (or from the
 * head itself when the field of view cuts the neck), the hip bone's front comes in from the ilium, and the joint
 * space stops both. Only this direction: the error seen is a head absorbed into the socket around it, and keeping
 * the femur's seeds matters where 3 mm slices blur the joint space above the head.
 */
import type { Dims } from '../orientation';
import { labelsWithin } from './coarse-maps';

export interface JointRule {
  /** The bone whose prediction becomes undecided near the other... */
  undecided: number;
  /** ...within the reach of this one (which keeps its prediction). */
  near: number;
}

/**
 * Per coarse voxel, the bits (1 << label) of both bones of a rule where the voxel carries `undecided` and `near` lies
 * within `reachVoxels` (a cube). The reach should cover a femoral head (radius ~25 mm), so that no hip seed stays
 * inside a head the network called hip bone.
 */
export function contestJoints(labels: Uint8Array, dims: Dims, rules: JointRule[], reachVoxels: number): Uint16Array {
  const contested = new Uint16Array(labels.length);
  if (reachVoxels <= 0) return contested;
  const within = labelsWithin(labels, dims, reachVoxels);
  for (let p = 0; p < labels.length; p++) {
    const l = labels[p];
    if (l === 0) continue;
    for (const { undecided, near } of rules)
      if (l === undecided && within[p] & (1 << near)) contested[p] |= (1 << undecided) | (1 << near);
  }
  return contested;
}
