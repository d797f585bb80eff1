/** Walks over a box of a flat volume, and over a voxel's 6-neighbours inside a box: the loops every flood shares. */
import type { Box } from '../box';
import type { Dims } from '../orientation';

export function forEachInBox(dims: Dims, box: Box, visit: (p: number, x: number, y: number, z: number) => void): void {
  const sxy = dims[0] * dims[1];
  for (let z = box.min[2]; z < box.max[2]; z++)
    for (let y = box.min[1]; y < box.max[1]; y++) {
      const row = z * sxy + y * dims[0];
      for (let x = box.min[0]; x < box.max[0]; x++) visit(row + x, x, y, z);
    }
}

/** The 6-neighbours of voxel `p` that lie inside `box`. */
export function forEachNeighbourInBox(p: number, dims: Dims, box: Box, visit: (q: number) => void): void {
  const [nx, ny] = dims;
  const sxy = nx * ny;
  const x = p % nx;
  const y = ((p - x) / nx) % ny;
  const z = (p - x - y * nx) / sxy;
  if (x > box.min[0]) visit(p - 1);
  if (x < box.max[0] - 1) visit(p + 1);
  if (y > box.min[1]) visit(p - nx);
  if (y < box.max[1] - 1) visit(p + nx);
  if (z > box.min[2]) visit(p - sxy);
  if (z < box.max[2] - 1) visit(p + sxy);
}
