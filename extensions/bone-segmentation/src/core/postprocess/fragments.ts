/**
 * Removes small fragments of each class from a labelmap (coarse class map or final labels). Optionally a fragment
 * that touches another bone is given to that bone (a few voxels of femur called tibia); otherwise, and always when
 * isolated, it becomes background (a calcified vessel, a rib tip, noise).
 */
import { fullBox, type Box } from '../box';
import type { Dims } from '../orientation';
import { labelComponents, type Components } from './components';

export interface FragmentRule {
  /** Components smaller than this (ml) are fragments... */
  minMl: number;
  /** ...and so are components smaller than this fraction of the class's largest component. */
  minFractionOfLargest: number;
  /** Keep at most this many components per class (the largest); 0 = no limit. */
  maxComponents: number;
  /** Give a fragment that touches another label to that label (else it becomes background). */
  reassignTouching: boolean;
  /**
   * Minimum (ml) instead of minMl and minFractionOfLargest for a component on the grid's outer faces: a bone the
   * field of view cuts is credible as a smaller piece.
   */
  minMlAtGridEdge?: number;
}

/** Per component id: 1 when it has a voxel on the outer faces of the whole grid. */
function onGridEdge(cc: Components, dims: Dims): Uint8Array {
  const { ids, box } = cc;
  const edge = new Uint8Array(cc.sizes.length);
  const [bx, by, bz] = [box.max[0] - box.min[0], box.max[1] - box.min[1], box.max[2] - box.min[2]];
  const onFace = (g: number, a: number): boolean => g === 0 || g === dims[a] - 1;
  let q = 0;
  for (let z = 0; z < bz; z++) {
    const fz = onFace(z + box.min[2], 2);
    for (let y = 0; y < by; y++) {
      const fy = fz || onFace(y + box.min[1], 1);
      for (let x = 0; x < bx; x++, q++) if (ids[q] > 0 && (fy || onFace(x + box.min[0], 0))) edge[ids[q]] = 1;
    }
  }
  return edge;
}

export function removeFragments(
  labels: Uint8Array,
  dims: Dims,
  values: number[],
  voxelMl: number,
  ruleOf: (value: number) => FragmentRule,
  boxOf: (value: number) => Box = () => fullBox(dims),
): number {
  const [nx, ny] = dims;
  const sxy = nx * ny;
  let changed = 0;
  for (const value of values) {
    const rule = ruleOf(value);
    const box = boxOf(value);
    const cc = labelComponents(labels, dims, value, box);
    if (cc.sizes.length <= 1) continue;
    const order = cc.sizes.map((s, id) => [s, id]).slice(1).sort((a, b) => b[0] - a[0]);
    const largest = order[0][0];
    const isFragment = new Uint8Array(cc.sizes.length);
    const edge = rule.minMlAtGridEdge === undefined ? null : onGridEdge(cc, dims);
    order.forEach(([size, id], rank) => {
      const tooSmall =
        edge?.[id] === 1
          ? size * voxelMl < rule.minMlAtGridEdge!
          : size * voxelMl < rule.minMl || size < rule.minFractionOfLargest * largest;
      if (tooSmall || (rule.maxComponents > 0 && rank >= rule.maxComponents)) isFragment[id] = 1;
    });
    if (!isFragment.some((f) => f === 1)) continue;
    // Count, per fragment, the other bone labels on its 6-neighbour boundary.
    const neighbourVotes = new Map<number, Map<number, number>>();
    const [bx, by, bz] = [box.max[0] - box.min[0], box.max[1] - box.min[1], box.max[2] - box.min[2]];
    const visit = (fn: (p: number, id: number, x: number, y: number, z: number) => void): void => {
      let q = 0;
      for (let z = 0; z < bz; z++)
        for (let y = 0; y < by; y++)
          for (let x = 0; x < bx; x++, q++) {
            const id = cc.ids[q];
            if (id > 0 && isFragment[id]) {
              const gx = x + box.min[0];
              const gy = y + box.min[1];
              const gz = z + box.min[2];
              fn(gz * sxy + gy * nx + gx, id, gx, gy, gz);
            }
          }
    };
    visit((p, id, x, y, z) => {
      const vote = (n: number): void => {
        const l = labels[n];
        if (l === 0 || l === value) return;
        let m = neighbourVotes.get(id);
        if (!m) neighbourVotes.set(id, (m = new Map()));
        m.set(l, (m.get(l) ?? 0) + 1);
      };
      if (x > 0) vote(p - 1);
      if (x < nx - 1) vote(p + 1);
      if (y > 0) vote(p - nx);
      if (y < ny - 1) vote(p + nx);
      if (z > 0) vote(p - sxy);
      if (z < dims[2] - 1) vote(p + sxy);
    });
    const target = new Map<number, number>();
    for (const [id, votes] of neighbourVotes) {
      let best = 0;
      let bestCount = 0;
      for (const [l, c] of votes) if (c > bestCount) [best, bestCount] = [l, c];
      target.set(id, best);
    }
    visit((p, id) => {
      labels[p] = rule.reassignTouching ? (target.get(id) ?? 0) : 0;
      changed++;
    });
  }
  return changed;
}
