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

/**
 * Marks (value 2) every non-label voxel of the mask reachable from the border, in 3D or within each slice
 * perpendicular to `sliceAxis`.
 */
function floodOutside(mask: Uint8Array, size: Dims, sliceAxis: number | null, queue: Int32Array): void {
  const [bx, by, bz] = size;
  const stride = [1, bx, bx * by];
  let tail = 0;
  const push = (p: number): void => {
    if (mask[p] === 0) {
      mask[p] = 2;
      queue[tail++] = p;
    }
  };
  for (let z = 0; z < bz; z++)
    for (let y = 0; y < by; y++)
      for (let x = 0; x < bx; x++) {
        const c = [x, y, z];
        let border = false;
        for (let a = 0; a < 3; a++) if (a !== sliceAxis && (c[a] === 0 || c[a] === size[a] - 1)) border = true;
        if (border) push(x + y * bx + z * bx * by);
      }
  let head = 0;
  while (head < tail) {
    const p = queue[head++];
    const x = p % bx;
    const y = ((p - x) / bx) % by;
    const z = (p - x - y * bx) / (bx * by);
    const c = [x, y, z];
    for (let a = 0; a < 3; a++) {
      if (a === sliceAxis) continue;
      if (c[a] > 0) push(p - stride[a]);
      if (c[a] < size[a] - 1) push(p + stride[a]);
    }
  }
}

/**
 * Fills holes of `value` inside `box` in place (only background voxels change). Returns the number of voxels
 * filled. `sliceAxis` is the grid axis along the patient's superior-inferior direction.
 */
export function fillHoles(labels: Uint8Array, dims: Dims, value: number, box: Box, sliceAxis: number): number {
  const size = boxSize(box);
  const mask = boxMask(labels, dims, value, box);
  const queue = new Int32Array(mask.length);
  let filled = 0;
  const apply = (): void => {
    let o = 0;
    for (let z = 0; z < size[2]; z++)
      for (let y = 0; y < size[1]; y++) {
        const row = (z + box.min[2]) * dims[0] * dims[1] + (y + box.min[1]) * dims[0] + box.min[0];
        for (let x = 0; x < size[0]; x++, o++) {
          if (mask[o] === 0 && labels[row + x] === 0) {
            labels[row + x] = value;
            filled++;
          }
          // Reset for the next pass: label stays 1, everything else back to 0.
          mask[o] = mask[o] === 2 ? 0 : 1;
        }
      }
  };
  floodOutside(mask, size, sliceAxis, queue);
  apply();
  floodOutside(mask, size, null, queue);
  apply();
  return filled;
}
