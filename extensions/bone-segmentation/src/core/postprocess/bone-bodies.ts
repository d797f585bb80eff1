/**
 * Bone bodies vote. In CT each bone's dense bone (cortex, subchondral plates) is one connected body, and a joint
 * space separates it from its neighbours. The coarse network can still put a piece of one body under a neighbour's
 * label: at 4 mm a femoral head and its acetabulum are one blur, and the network may call the whole head hip bone,
 * deeper than the joint contest (`joints.ts`) reaches. Here, after the native refinement, each connected body of
 * dense labelled bone goes to the bone that holds most of it, when the piece another bone claimed there is a small
 * part of that bone (its main body is elsewhere). The dim voxels behind a moved piece (cancellous interior, partial
 * volume edges) then follow their nearest dense bone.
 *
 * Where a joint space is bridged (thick slices, a fused joint), two whole bones are one body; each is then most of
 * its own label, the guard holds, and nothing moves.
 */
import { growBox, type Box } from '../box';
import type { Dims } from '../orientation';
import { forEachInBox, forEachNeighbourInBox } from './box-walk';
import { IndexQueue } from './index-queue';

export interface BodyVoteParams {
  /** Dense bone: labelled voxels from this HU up form the bodies. */
  denseHu: number;
  /** A label's piece in a body moves only when it is below this fraction of that label's dense voxels... */
  maxFractionOfLabel: number;
  /** ...and the body's majority label holds at least this fraction of the body. */
  minMajority: number;
  /** Pieces smaller than this (voxels) are left to fragment removal. */
  minPieceVoxels: number;
  /** Whether a piece of `from` may become `to` (e.g. never between the two sides of one bone). */
  mayMove: (from: number, to: number) => boolean;
}

export interface BodyMove {
  from: number;
  to: number;
  /** Dense voxels moved. */
  voxels: number;
}

const PENDING = 255;
/** Marks a dense voxel already assigned to a body, in the labels themselves (no box-sized array). */
const SEEN = 0x40;

interface Body {
  start: number;
  counts: Float64Array;
}

/** Votes within `box`; returns the moves made. Label values must be below 64 (SEEN is a bit of the label byte). */
export function voteByBoneBodies(
  labels: Uint8Array,
  hu: Int16Array | Float32Array,
  dims: Dims,
  box: Box,
  params: BodyVoteParams,
): BodyMove[] {
  const [nx, ny] = dims;
  const sxy = nx * ny;
  const dense = params.denseHu;
  const queue = new IndexQueue();
  /** Breadth first from `start` through voxels that `take` accepts (it also marks them); the queue holds the body. */
  const flood = (start: number, take: (q: number) => boolean): void => {
    queue.clear();
    take(start);
    queue.push(start);
    const visit = (q: number): void => {
      if (take(q)) queue.push(q);
    };
    for (let head = 0; head < queue.length; head++) forEachNeighbourInBox(queue.items[head], dims, box, visit);
  };

  // Pass 1: every body's label counts; only bodies with two or more sizeable labels are kept for the vote.
  const totals = new Float64Array(64);
  const mixed: Body[] = [];
  const bodyCounts = new Float64Array(64);
  const markDense = (q: number): boolean => {
    const l = labels[q];
    if (l === 0 || l & SEEN || hu[q] < dense) return false;
    labels[q] = l | SEEN;
    return true;
  };
  for (let z = box.min[2]; z < box.max[2]; z++)
    for (let y = box.min[1]; y < box.max[1]; y++) {
      const row = z * sxy + y * nx;
      for (let start = row + box.min[0]; start < row + box.max[0]; start++) {
        const l = labels[start];
        if (l === 0 || l & SEEN || hu[start] < dense) continue;
        addBody(start);
      }
    }
  function addBody(start: number): void {
    flood(start, markDense);
    const counts = bodyCounts.fill(0);
    for (let i = 0; i < queue.length; i++) counts[labels[queue.items[i]] & ~SEEN]++;
    let sizeable = 0;
    for (let v = 1; v < 64; v++) {
      totals[v] += counts[v];
      if (counts[v] >= params.minPieceVoxels) sizeable++;
    }
    if (sizeable >= 2) mixed.push({ start, counts: counts.slice() });
  }

  // Pass 2: the vote; a body that moves is flooded again (clearing its marks) to relabel it.
  const moves: BodyMove[] = [];
  const regrow: Array<{ box: Box; from: number; to: number }> = [];
  for (const { start, counts } of mixed) {
    let majority = 0;
    let sum = 0;
    for (let v = 1; v < 64; v++) {
      sum += counts[v];
      if (counts[v] > counts[majority]) majority = v;
    }
    if (counts[majority] < params.minMajority * sum) continue;
    const moved: number[] = [];
    for (let v = 1; v < 64; v++) {
      if (v === majority || counts[v] < params.minPieceVoxels) continue;
      if (counts[v] >= params.maxFractionOfLabel * totals[v] || !params.mayMove(v, majority)) continue;
      moved.push(v);
      moves.push({ from: v, to: majority, voxels: counts[v] });
    }
    if (moved.length === 0) continue;
    flood(start, (q) => {
      if ((labels[q] & SEEN) === 0) return false;
      labels[q] &= ~SEEN;
      return true;
    });
    const lo = [Infinity, Infinity, Infinity];
    const hi = [-1, -1, -1];
    for (let i = 0; i < queue.length; i++) {
      const p = queue.items[i];
      if (moved.includes(labels[p])) labels[p] = majority;
      const x = p % nx;
      const y = ((p - x) / nx) % ny;
      const c = [x, y, (p - x - y * nx) / sxy];
      for (let a = 0; a < 3; a++) {
        lo[a] = Math.min(lo[a], c[a]);
        hi[a] = Math.max(hi[a], c[a] + 1);
      }
    }
    const bodyBox = growBox({ min: lo as Box['min'], max: hi as Box['max'] }, [2, 2, 2], dims);
    for (const from of moved) regrow.push({ box: bodyBox, from, to: majority });
  }
  for (let z = box.min[2]; z < box.max[2]; z++)
    for (let y = box.min[1]; y < box.max[1]; y++) {
      const row = z * sxy + y * nx;
      for (let p = row + box.min[0]; p < row + box.max[0]; p++) labels[p] &= ~SEEN;
    }
  queue.clear(true);
  for (const r of regrow) regrowDim(labels, hu, dims, r.box, dense, r.from, r.to);
  return moves;
}

/**
 * The dim voxels of `from` in the box take the label of their nearest dense voxel of `from` or `to` (breadth
 * first through the dim voxels): a moved head's cancellous interior goes with its shell, the socket's stays.
 */
function regrowDim(labels: Uint8Array, hu: Int16Array | Float32Array, dims: Dims, box: Box, denseHu: number, from: number, to: number): void {
  let pending = 0;
  forEachInBox(dims, box, (p) => {
    if (labels[p] === from && hu[p] < denseHu) {
      labels[p] = PENDING;
      pending++;
    }
  });
  if (pending === 0) return;
  const queue = new IndexQueue();
  forEachInBox(dims, box, (p) => {
    const l = labels[p];
    if ((l !== from && l !== to) || hu[p] < denseHu) return;
    let next = false;
    forEachNeighbourInBox(p, dims, box, (q) => {
      if (labels[q] === PENDING) next = true;
    });
    if (next) queue.push(p);
  });
  for (let head = 0; head < queue.length; head++) {
    const p = queue.items[head];
    const l = labels[p];
    forEachNeighbourInBox(p, dims, box, (q) => {
      if (labels[q] !== PENDING) return;
      labels[q] = l;
      queue.push(q);
    });
  }
  // Dim voxels no dense bone of either reaches stay what they were.
  forEachInBox(dims, box, (p) => {
    if (labels[p] === PENDING) labels[p] = from;
  });
}
