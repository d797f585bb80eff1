/**
 * Connected components (6-connectivity) of one label value inside a box of a labelmap. Flat typed arrays and an
 * index queue: no per-voxel objects, so it stays fast on full-resolution CT.
 */
import { boxSize, type Box } from '../box';
import type { Dims } from '../orientation';

export interface Components {
  /** Component id per box voxel (box order, x fastest), 0 = not the label, ids from 1. */
  ids: Int32Array;
  /** sizes[id] = voxel count; sizes[0] unused. */
  sizes: number[];
  box: Box;
}

export function labelComponents(labels: Uint8Array, dims: Dims, value: number, box: Box): Components {
  const [bx, by, bz] = boxSize(box);
  const n = bx * by * bz;
  const ids = new Int32Array(n);
  const sizes = [0];
  const sxy = bx * by;
  // Box voxels that carry the label, marked -1 until visited.
  let count = 0;
  for (let z = 0; z < bz; z++)
    for (let y = 0; y < by; y++) {
      const src = (z + box.min[2]) * dims[0] * dims[1] + (y + box.min[1]) * dims[0] + box.min[0];
      const dst = z * sxy + y * bx;
      for (let x = 0; x < bx; x++)
        if (labels[src + x] === value) {
          ids[dst + x] = -1;
          count++;
        }
    }
  if (count === 0) return { ids, sizes, box };
  const queue = new Int32Array(count);
  for (let start = 0; start < n; start++) {
    if (ids[start] !== -1) continue;
    const id = sizes.length;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    ids[start] = id;
    while (head < tail) {
      const p = queue[head++];
      const x = p % bx;
      const y = ((p - x) / bx) % by;
      const z = (p - x - y * bx) / sxy;
      if (x > 0 && ids[p - 1] === -1) (ids[p - 1] = id), (queue[tail++] = p - 1);
      if (x < bx - 1 && ids[p + 1] === -1) (ids[p + 1] = id), (queue[tail++] = p + 1);
      if (y > 0 && ids[p - bx] === -1) (ids[p - bx] = id), (queue[tail++] = p - bx);
      if (y < by - 1 && ids[p + bx] === -1) (ids[p + bx] = id), (queue[tail++] = p + bx);
      if (z > 0 && ids[p - sxy] === -1) (ids[p - sxy] = id), (queue[tail++] = p - sxy);
      if (z < bz - 1 && ids[p + sxy] === -1) (ids[p + sxy] = id), (queue[tail++] = p + sxy);
    }
    sizes.push(tail);
  }
  return { ids, sizes, box };
}
