/**
 * Hole filling of one label: marrow and low-density cancellous bone are part of the bone although they are dark
 * in CT. A background voxel becomes the label when it cannot reach the box border without crossing the label.
 * 2D filling (slices across the long axis of leg bones) closes the marrow canal even where the bone is cut by
 * the scan's field of view, which 3D filling alone would leak through.
 *
 * The work mask carries a one-voxel frame around the box, marked outside from the start: floods then need no
 * bounds checks (the frame stops them), which keeps them fast on full-resolution boxes.
 */
import { boxSize, type Box } from '../box';
import type { Dims } from '../orientation';

const BACKGROUND = 0;
const WALL = 1;
const OUTSIDE = 2;

interface Framed {
  mask: Uint8Array;
  /** Padded sizes and strides. */
  px: number;
  py: number;
  pz: number;
  sy: number;
  sz: number;
}

/** WALL where the label is, BACKGROUND elsewhere in the box, OUTSIDE on the frame. */
function framedMask(labels: Uint8Array, dims: Dims, value: number, box: Box): Framed {
  const [bx, by, bz] = boxSize(box);
  const px = bx + 2;
  const py = by + 2;
  const pz = bz + 2;
  const sy = px;
  const sz = px * py;
  const mask = new Uint8Array(px * py * pz).fill(OUTSIDE);
  for (let z = 0; z < bz; z++)
    for (let y = 0; y < by; y++) {
      const row = (z + box.min[2]) * dims[0] * dims[1] + (y + box.min[1]) * dims[0] + box.min[0];
      const o = (z + 1) * sz + (y + 1) * sy + 1;
      for (let x = 0; x < bx; x++) mask[o + x] = labels[row + x] === value ? WALL : BACKGROUND;
    }
  return { mask, px, py, pz, sy, sz };
}

/** One-voxel closing (dilate then erode, 3x3x3 box, axis by axis) of the WALL set inside the frame. */
function closeWalls(f: Framed): void {
  const { mask, px, py, pz } = f;
  const n = mask.length;
  const bit = new Uint8Array(n);
  for (let i = 0; i < n; i++) bit[i] = mask[i] === WALL ? 1 : 0;
  const sizes = [px, py, pz];
  const strides = [1, f.sy, f.sz];
  for (const dilate of [true, false])
    for (let axis = 0; axis < 3; axis++) {
      const s = strides[axis];
      const len = sizes[axis];
      const [ua, va] = [0, 1, 2].filter((a) => a !== axis);
      for (let v = 0; v < sizes[va]; v++)
        for (let u = 0; u < sizes[ua]; u++) {
          // In place along the line: the old values of the previous and current voxel are kept in locals, the
          // next one is read before it is overwritten.
          const start = u * strides[ua] + v * strides[va];
          let prev = 0;
          let cur = bit[start];
          for (let c = 0, p = start; c < len; c++, p += s) {
            const next = c < len - 1 ? bit[p + s] : 0;
            bit[p] = dilate ? prev | cur | next : prev & cur & next;
            prev = cur;
            cur = next;
          }
        }
    }
  for (let i = 0; i < n; i++) if (bit[i] && mask[i] === BACKGROUND) mask[i] = WALL;
}

/** Marks OUTSIDE the BACKGROUND reachable from the frame: within each slice across `sliceAxis`, or in 3D. */
function floodOutside(f: Framed, sliceAxis: number | null, queue: Int32Array): void {
  const { mask } = f;
  const strides = [1, f.sy, f.sz];
  const steps = [0, 1, 2].filter((a) => a !== sliceAxis).map((a) => strides[a]);
  let tail = 0;
  // Seeds: background voxels on the box faces (next to the frame) that the flood may leave through: all six
  // faces in 3D; within a slice, the four faces along the in-plane axes. O(surface), not O(volume).
  const seed = (p: number): void => {
    if (mask[p] === BACKGROUND) {
      mask[p] = OUTSIDE;
      queue[tail++] = p;
    }
  };
  const sizes = [f.px, f.py, f.pz];
  for (let a = 0; a < 3; a++) {
    if (a === sliceAxis) continue;
    const [ua, va] = [0, 1, 2].filter((b) => b !== a);
    for (const c of [1, sizes[a] - 2])
      for (let v = 1; v < sizes[va] - 1; v++)
        for (let u = 1; u < sizes[ua] - 1; u++) seed(c * strides[a] + u * strides[ua] + v * strides[va]);
  }
  let head = 0;
  if (steps.length === 3) {
    const [a, b, c] = steps;
    while (head < tail) {
      const p = queue[head++];
      if (mask[p - a] === BACKGROUND) (mask[p - a] = OUTSIDE), (queue[tail++] = p - a);
      if (mask[p + a] === BACKGROUND) (mask[p + a] = OUTSIDE), (queue[tail++] = p + a);
      if (mask[p - b] === BACKGROUND) (mask[p - b] = OUTSIDE), (queue[tail++] = p - b);
      if (mask[p + b] === BACKGROUND) (mask[p + b] = OUTSIDE), (queue[tail++] = p + b);
      if (mask[p - c] === BACKGROUND) (mask[p - c] = OUTSIDE), (queue[tail++] = p - c);
      if (mask[p + c] === BACKGROUND) (mask[p + c] = OUTSIDE), (queue[tail++] = p + c);
    }
  } else {
    const [a, b] = steps;
    while (head < tail) {
      const p = queue[head++];
      if (mask[p - a] === BACKGROUND) (mask[p - a] = OUTSIDE), (queue[tail++] = p - a);
      if (mask[p + a] === BACKGROUND) (mask[p + a] = OUTSIDE), (queue[tail++] = p + a);
      if (mask[p - b] === BACKGROUND) (mask[p - b] = OUTSIDE), (queue[tail++] = p - b);
      if (mask[p + b] === BACKGROUND) (mask[p + b] = OUTSIDE), (queue[tail++] = p + b);
    }
  }
}

/**
 * Fills holes of `value` inside `box` in place (only background voxels change). Returns the number of voxels
 * filled. `sliceAxis` is the grid axis along the patient's superior-inferior direction. With `closeFirst`, a
 * closing first bridges one-voxel gaps in a thin cortex so the cancellous bone behind them counts as enclosed;
 * voxels the closing itself adds are filled only where they do not touch the outside (pores, not surface dents).
 */
export function fillHoles(labels: Uint8Array, dims: Dims, value: number, box: Box, sliceAxis: number, closeFirst = false): number {
  const [bx, by, bz] = boxSize(box);
  const f = framedMask(labels, dims, value, box);
  if (closeFirst) closeWalls(f);
  const { mask, sy, sz } = f;
  const queue = new Int32Array(mask.length);
  let filled = 0;
  /**
   * Fills what the flood did not reach. The first pass also resets the mask for the second in the same sweep
   * (everything not outside becomes wall: label, closing, just filled); the second checks surface dents instead.
   */
  const apply = (final: boolean): void => {
    const checkDents = final && closeFirst;
    for (let z = 0; z < bz; z++)
      for (let y = 0; y < by; y++) {
        const row = (z + box.min[2]) * dims[0] * dims[1] + (y + box.min[1]) * dims[0] + box.min[0];
        const o = (z + 1) * sz + (y + 1) * sy + 1;
        for (let x = 0; x < bx; x++) {
          const p = o + x;
          const m = mask[p];
          if (m === OUTSIDE) {
            if (!final) mask[p] = BACKGROUND;
            continue;
          }
          if (!final) mask[p] = WALL;
          if (labels[row + x] !== 0) continue;
          // BACKGROUND here is enclosed; a WALL that is not the label was added by the closing.
          if (
            m === WALL &&
            (!checkDents ||
              mask[p - 1] === OUTSIDE || mask[p + 1] === OUTSIDE || mask[p - sy] === OUTSIDE ||
              mask[p + sy] === OUTSIDE || mask[p - sz] === OUTSIDE || mask[p + sz] === OUTSIDE)
          )
            continue;
          labels[row + x] = value;
          filled++;
        }
      }
  };
  floodOutside(f, sliceAxis, queue);
  apply(false);
  floodOutside(f, null, queue);
  apply(true);
  return filled;
}
