/**
 * Hip joints decided by the CT rather than by the coarse grid. At 4 mm the network can call a femoral head hip bone:
 * head and acetabulum are one blur there. At native resolution the joint space between them is visible, so near each
 * femur-hip interface the predictions are made undecided (`refine.ts` `contested`: no seeds there, both bones
 * allowed). Each bone's front comes in from where its prediction is far from the other (the femur from the neck, the
 * hip bone from the ilium) and the joint space stops both. `segment.ts` asks for both directions of each hip.
 */
import type { Dims } from '../orientation';
import { labelsWithin } from './coarse-maps';

export interface JointRule {
  /** The bone whose prediction becomes undecided near the other... */
  undecided: number;
  /** ...within the reach of this one (its own prediction stays unless another rule names it `undecided`). */
  near: number;
}

/**
 * Per coarse voxel, the bits (1 << label) of both bones of a rule where the voxel carries `undecided` and `near` lies
 * within `reachVoxels` (a cube). The reach decides how much of a head the network called hip bone loses its hip
 * seeds; `segment.ts` says why it is 16 mm and not a whole head's radius.
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
