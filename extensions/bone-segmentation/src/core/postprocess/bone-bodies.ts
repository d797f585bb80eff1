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
import { boxSize, growBox, type Box } from '../box';
import type { Dims } from '../orientation';

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

/** Votes within `box`; returns the moves made. Labels must be below 32 (bit sets) and below PENDING. */
export function voteByBoneBodies(
  labels: Uint8Array,
  hu: Int16Array | Float32Array,
  dims: Dims,
  box: Box,
  params: BodyVoteParams,
): BodyMove[] {
  const [nx, ny, nz] = dims;
  const sxy = nx * ny;
  const [bx, by] = boxSize(box);
  const dense = (p: number): boolean => labels[p] !== 0 && hu[p] >= params.denseHu;

  const totals = new Float64Array(32);
  forEachInBox(box, dims, (p) => {
    if (dense(p)) totals[labels[p]]++;
  });

  // Visited bits over the box: a bone box of a long-leg CT is tens of millions of voxels.
  const visited = new Uint32Array(Math.ceil((bx * by * (box.max[2] - box.min[2])) / 32));
  const bit = (p: number): number => {
    const x = p % nx;
    const y = ((p - x) / nx) % ny;
    const z = (p - x - y * nx) / sxy;
    return (z - box.min[2]) * bx * by + (y - box.min[1]) * bx + (x - box.min[0]);
  };
  const seen = (p: number): boolean => {
    const b = bit(p);
    return (visited[b >>> 5] & (1 << (b & 31))) !== 0;
  };
  const see = (p: number): void => {
    const b = bit(p);
    visited[b >>> 5] |= 1 << (b & 31);
  };

  let queue = new Int32Array(1 << 16);
  const moves: BodyMove[] = [];
  const counts = new Float64Array(32);
  forEachInBox(box, dims, (start) => {
    if (!dense(start) || seen(start)) return;
    // One body, breadth first; the queue ends up holding all its voxels.
    counts.fill(0);
    let head = 0;
    let tail = 0;
    const lo = [nx, ny, nz];
    const hi = [0, 0, 0];
    const visit = (q: number): void => {
      if (!dense(q) || seen(q)) return;
      see(q);
      if (tail === queue.length) {
        const bigger = new Int32Array(queue.length * 2);
        bigger.set(queue);
        queue = bigger;
      }
      queue[tail++] = q;
    };
    see(start);
    queue[tail++] = start;
    while (head < tail) {
      const p = queue[head++];
      counts[labels[p]]++;
      const x = p % nx;
      const y = ((p - x) / nx) % ny;
      const z = (p - x - y * nx) / sxy;
      if (x < lo[0]) lo[0] = x;
      if (x > hi[0]) hi[0] = x;
      if (y < lo[1]) lo[1] = y;
      if (y > hi[1]) hi[1] = y;
      if (z < lo[2]) lo[2] = z;
      if (z > hi[2]) hi[2] = z;
      if (x > box.min[0]) visit(p - 1);
      if (x < box.max[0] - 1) visit(p + 1);
      if (y > box.min[1]) visit(p - nx);
      if (y < box.max[1] - 1) visit(p + nx);
      if (z > box.min[2]) visit(p - sxy);
      if (z < box.max[2] - 1) visit(p + sxy);
    }
    let majority = 0;
    let sum = 0;
    for (let l = 1; l < 32; l++) {
      sum += counts[l];
      if (counts[l] > counts[majority]) majority = l;
    }
    if (majority === 0 || counts[majority] < params.minMajority * sum) return;
    const movedLabels: number[] = [];
    for (let l = 1; l < 32; l++) {
      if (l === majority || counts[l] < params.minPieceVoxels) continue;
      if (counts[l] >= params.maxFractionOfLabel * totals[l] || !params.mayMove(l, majority)) continue;
      movedLabels.push(l);
      moves.push({ from: l, to: majority, voxels: counts[l] });
    }
    if (movedLabels.length === 0) return;
    for (let i = 0; i < tail; i++) if (movedLabels.includes(labels[queue[i]])) labels[queue[i]] = majority;
    const bodyBox = growBox({ min: lo as Box['min'], max: hi.map((v) => v + 1) as Box['max'] }, [2, 2, 2], dims);
    for (const l of movedLabels) regrowDim(labels, hu, dims, bodyBox, params.denseHu, l, majority);
  });
  return moves;
}

/**
 * The dim voxels of `from` in the box take the label of their nearest dense voxel of `from` or `to` (breadth
 * first through the dim voxels): a moved head's cancellous interior goes with its shell, the socket's stays.
 */
function regrowDim(labels: Uint8Array, hu: Int16Array | Float32Array, dims: Dims, box: Box, denseHu: number, from: number, to: number): void {
  const [nx, ny] = dims;
  const sxy = nx * ny;
  let pending = 0;
  forEachInBox(box, dims, (p) => {
    if (labels[p] === from && hu[p] < denseHu) {
      labels[p] = PENDING;
      pending++;
    }
  });
  if (pending === 0) return;
  let queue = new Int32Array(1 << 16);
  let tail = 0;
  const push = (p: number): void => {
    if (tail === queue.length) {
      const bigger = new Int32Array(queue.length * 2);
      bigger.set(queue);
      queue = bigger;
    }
    queue[tail++] = p;
  };
  const neighbours = (p: number, fn: (q: number) => void): void => {
    const x = p % nx;
    const y = ((p - x) / nx) % ny;
    const z = (p - x - y * nx) / sxy;
    if (x > box.min[0]) fn(p - 1);
    if (x < box.max[0] - 1) fn(p + 1);
    if (y > box.min[1]) fn(p - nx);
    if (y < box.max[1] - 1) fn(p + nx);
    if (z > box.min[2]) fn(p - sxy);
    if (z < box.max[2] - 1) fn(p + sxy);
  };
  forEachInBox(box, dims, (p) => {
    const l = labels[p];
    if ((l !== from && l !== to) || hu[p] < denseHu) return;
    let next = false;
    neighbours(p, (q) => {
      if (labels[q] === PENDING) next = true;
    });
    if (next) push(p);
  });
  for (let head = 0; head < tail; head++) {
    const l = labels[queue[head]];
    neighbours(queue[head], (q) => {
      if (labels[q] !== PENDING) return;
      labels[q] = l;
      push(q);
    });
  }
  // Dim voxels no dense bone of either reaches stay what they were.
  forEachInBox(box, dims, (p) => {
    if (labels[p] === PENDING) labels[p] = from;
  });
}

function forEachInBox(box: Box, dims: Dims, fn: (p: number) => void): void {
  const sxy = dims[0] * dims[1];
  for (let z = box.min[2]; z < box.max[2]; z++)
    for (let y = box.min[1]; y < box.max[1]; y++) {
      const row = z * sxy + y * dims[0];
      for (let x = box.min[0]; x < box.max[0]; x++) fn(row + x);
    }
}
