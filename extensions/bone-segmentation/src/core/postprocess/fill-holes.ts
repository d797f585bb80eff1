/**
 * Hole filling of one label: marrow and low-density cancellous bone are part of the bone although they are dark
 * in CT. A background voxel becomes the label when it cannot reach the box border without crossing the label.
 * 2D filling (slices across the long axis of leg bones) closes the marrow canal even where the bone is cut by
 * the scan's field of view, which 3D filling alone would leak through.
 */
import { boxSize, type Box } from '../box';
import type { Dims } from '../orientation';

/** 1 = label, 0 = other; returns the box mask. */
function boxMask(labels: Uint8Array, dims: Dims, value: number, box: Box): Uint8Array {
  const [bx, by, bz] = boxSize(box);
  const mask = new Uint8Array(bx * by * bz);
  let o = 0;
  for (let z = 0; z < bz; z++)
    for (let y = 0; y < by; y++) {
      const row = (z + box.min[2]) * dims[0] * dims[1] + (y + box.min[1]) * dims[0] + box.min[0];
      for (let x = 0; x < bx; x++, o++) if (labels[row + x] === value) mask[o] = 1;
    }
  return mask;
}

const OUTSIDE = 2;

/** In-place 1-voxel binary dilation (op 'max') or erosion (op 'min') with a 3x3x3 box, axis by axis. */
function morph3(mask: Uint8Array, size: Dims, op: 'max' | 'min', tmp: Uint8Array): void {
  const [bx, by] = size;
  const stride = [1, bx, bx * by];
  const dilate = op === 'max';
  for (let axis = 0; axis < 3; axis++) {
    tmp.set(mask);
    const s = stride[axis];
    const len = size[axis];
    // Walk every line along `axis`; outside the box counts as background for both operations, so the closing
    // cannot creep along the border.
    const [ua, va] = [0, 1, 2].filter((a) => a !== axis);
    for (let v = 0; v < size[va]; v++)
      for (let u = 0; u < size[ua]; u++) {
        const start = u * stride[ua] + v * stride[va];
        let prev = 0;
        let cur = tmp[start];
        for (let c = 0, p = start; c < len; c++, p += s) {
          const next = c < len - 1 ? tmp[p + s] : 0;
          mask[p] = dilate ? prev | cur | next : prev & cur & next;
          prev = cur;
          cur = next;
        }
      }
  }
}

/** Marks OUTSIDE every non-label voxel of each slice (perpendicular to `sliceAxis`) reachable from the slice border. */
function floodOutsideSlices(mask: Uint8Array, size: Dims, sliceAxis: number, queue: Int32Array): void {
  const stride = [1, size[0], size[0] * size[1]];
  const [ua, va] = [0, 1, 2].filter((a) => a !== sliceAxis);
  const nu = size[ua];
  const nv = size[va];
  const su = stride[ua];
  const sv = stride[va];
  for (let w = 0; w < size[sliceAxis]; w++) {
    const base = w * stride[sliceAxis];
    let tail = 0;
    const seed = (u: number, v: number): void => {
      const p = base + u * su + v * sv;
      if (mask[p] === 0) {
        mask[p] = OUTSIDE;
        queue[tail++] = u + v * nu;
      }
    };
    for (let u = 0; u < nu; u++) {
      seed(u, 0);
      seed(u, nv - 1);
    }
    for (let v = 0; v < nv; v++) {
      seed(0, v);
      seed(nu - 1, v);
    }
    let head = 0;
    while (head < tail) {
      const q = queue[head++];
      const u = q % nu;
      const v = (q - u) / nu;
      const p = base + u * su + v * sv;
      if (u > 0 && mask[p - su] === 0) (mask[p - su] = OUTSIDE), (queue[tail++] = q - 1);
      if (u < nu - 1 && mask[p + su] === 0) (mask[p + su] = OUTSIDE), (queue[tail++] = q + 1);
      if (v > 0 && mask[p - sv] === 0) (mask[p - sv] = OUTSIDE), (queue[tail++] = q - nu);
      if (v < nv - 1 && mask[p + sv] === 0) (mask[p + sv] = OUTSIDE), (queue[tail++] = q + nu);
    }
  }
}

/** Marks OUTSIDE every non-label voxel reachable in 3D from the box border. */
function floodOutside3d(mask: Uint8Array, size: Dims, queue: Int32Array): void {
  const [bx, by, bz] = size;
  const sxy = bx * by;
  let tail = 0;
  const seed = (p: number): void => {
    if (mask[p] === 0) {
      mask[p] = OUTSIDE;
      queue[tail++] = p;
    }
  };
  for (let z = 0; z < bz; z++)
    for (let y = 0; y < by; y++) {
      const row = z * sxy + y * bx;
      if (z === 0 || z === bz - 1 || y === 0 || y === by - 1) for (let x = 0; x < bx; x++) seed(row + x);
      else {
        seed(row);
        seed(row + bx - 1);
      }
    }
  let head = 0;
  while (head < tail) {
    const p = queue[head++];
    const x = p % bx;
    const y = ((p - x) / bx) % by;
    const z = (p - x - y * bx) / sxy;
    if (x > 0 && mask[p - 1] === 0) (mask[p - 1] = OUTSIDE), (queue[tail++] = p - 1);
    if (x < bx - 1 && mask[p + 1] === 0) (mask[p + 1] = OUTSIDE), (queue[tail++] = p + 1);
    if (y > 0 && mask[p - bx] === 0) (mask[p - bx] = OUTSIDE), (queue[tail++] = p - bx);
    if (y < by - 1 && mask[p + bx] === 0) (mask[p + bx] = OUTSIDE), (queue[tail++] = p + bx);
    if (z > 0 && mask[p - sxy] === 0) (mask[p - sxy] = OUTSIDE), (queue[tail++] = p - sxy);
    if (z < bz - 1 && mask[p + sxy] === 0) (mask[p + sxy] = OUTSIDE), (queue[tail++] = p + sxy);
  }
}

/**
 * Fills holes of `value` inside `box` in place (only background voxels change). Returns the number of voxels
 * filled. `sliceAxis` is the grid axis along the patient's superior-inferior direction.
 */
export function fillHoles(labels: Uint8Array, dims: Dims, value: number, box: Box, sliceAxis: number, closeFirst = false): number {
  const size = boxSize(box);
  const mask = boxMask(labels, dims, value, box);
  if (closeFirst) {
    // A closing bridges one-voxel gaps in a thin cortex so the cancellous bone behind them counts as enclosed.
    // Only enclosed voxels are added: the closing itself never moves the bone surface outwards.
    const original = mask.slice();
    const tmp = new Uint8Array(mask.length);
    morph3(mask, size, 'max', tmp);
    morph3(mask, size, 'min', tmp);
    // Erosion at the box border may remove label voxels the dilation could not protect: the label always stays a wall.
    for (let i = 0; i < mask.length; i++) mask[i] |= original[i];
  }
  const queue = new Int32Array(mask.length);
  let filled = 0;
  const stride = [1, size[0], size[0] * size[1]];
  const sy = stride[1];
  const sz = stride[2];
  /**
   * Holes (not the label, not reached from outside) become the label. With `bridged`, so do voxels the closing
   * added that do not touch the outside: pores and gaps inside the bone, not concavities of its surface.
   */
  const apply = (bridged: boolean): void => {
    let o = 0;
    for (let z = 0; z < size[2]; z++)
      for (let y = 0; y < size[1]; y++) {
        const row = (z + box.min[2]) * dims[0] * dims[1] + (y + box.min[1]) * dims[0] + box.min[0];
        const yzInner = y > 0 && y < size[1] - 1 && z > 0 && z < size[2] - 1;
        for (let x = 0; x < size[0]; x++, o++) {
          const m = mask[o];
          if (m === OUTSIDE) continue;
          const g = row + x;
          if (labels[g] !== 0) continue;
          let fill = m === 0;
          if (!fill && bridged) {
            // Voxels the closing added (m === 1, not the label) that touch the outside are surface dents.
            fill = true;
            if (yzInner && x > 0 && x < size[0] - 1) {
              if (
                mask[o - 1] === OUTSIDE || mask[o + 1] === OUTSIDE || mask[o - sy] === OUTSIDE ||
                mask[o + sy] === OUTSIDE || mask[o - sz] === OUTSIDE || mask[o + sz] === OUTSIDE
              )
                fill = false;
            } else {
              const c = [x, y, z];
              for (let a = 0; a < 3 && fill; a++) {
                if (c[a] > 0 && mask[o - stride[a]] === OUTSIDE) fill = false;
                if (c[a] < size[a] - 1 && mask[o + stride[a]] === OUTSIDE) fill = false;
              }
            }
          }
          if (fill) {
            labels[g] = value;
            filled++;
          }
        }
      }
    // Reset for the next pass: label, closing and what was just filled 1, outside 0.
    for (let i = 0; i < mask.length; i++) mask[i] = mask[i] === OUTSIDE ? 0 : 1;
  };
  floodOutsideSlices(mask, size, sliceAxis, queue);
  apply(false);
  floodOutside3d(mask, size, queue);
  apply(closeFirst);
  return filled;
}
