/** Per-label bounding boxes of a labelmap within a box, in one pass. */
import type { Box } from '../box';
import type { Dims } from '../orientation';

export function labelBoxes(labels: Uint8Array, dims: Dims, within: Box, maxLabel: number): Map<number, Box> {
  const [nx, ny] = dims;
  const min = Array.from({ length: maxLabel + 1 }, () => [Infinity, Infinity, Infinity]);
  const max = Array.from({ length: maxLabel + 1 }, () => [-1, -1, -1]);
  for (let z = within.min[2]; z < within.max[2]; z++)
    for (let y = within.min[1]; y < within.max[1]; y++) {
      const row = z * nx * ny + y * nx;
      for (let x = within.min[0]; x < within.max[0]; x++) {
        const l = labels[row + x];
        if (l === 0 || l > maxLabel) continue;
        const mn = min[l];
        const mx = max[l];
        if (x < mn[0]) mn[0] = x;
        if (x > mx[0]) mx[0] = x;
        if (y < mn[1]) mn[1] = y;
        if (y > mx[1]) mx[1] = y;
        if (z < mn[2]) mn[2] = z;
        if (z > mx[2]) mx[2] = z;
      }
    }
  const out = new Map<number, Box>();
  for (let l = 1; l <= maxLabel; l++)
    if (max[l][0] >= 0)
      out.set(l, { min: min[l] as [number, number, number], max: max[l].map((v) => v + 1) as [number, number, number] });
  return out;
}

