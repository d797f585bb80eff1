/**
 * Per-label voxel counts and centres, in one pass over the labelmap. The centre is where a viewer jumps when a
 * segment is picked (OHIF's segment list): the mean voxel position, as a world (LPS, mm) point.
 */
import type { CtVolume } from './types';

export type Point3 = [number, number, number];

export interface LabelStatistics {
  /** Voxel count per label value (index = value). */
  counts: number[];
  /** Mean voxel position of each label in world coordinates (LPS, mm); null where a label has no voxel. */
  centres: Array<Point3 | null>;
}

type Geometry = Pick<CtVolume, 'dims' | 'spacing' | 'direction' | 'origin'>;

/** World (LPS, mm) position of a continuous voxel index (i, j, k). */
export function indexToWorld(geometry: Geometry, index: Point3): Point3 {
  const { origin, spacing, direction } = geometry;
  const world: Point3 = [origin[0], origin[1], origin[2]];
  for (let axis = 0; axis < 3; axis++) {
    const step = index[axis] * spacing[axis];
    for (let c = 0; c < 3; c++) world[c] += step * direction[axis * 3 + c];
  }
  return world;
}

export function labelStatistics(labels: Uint8Array, geometry: Geometry, maxLabel: number): LabelStatistics {
  const [nx, ny, nz] = geometry.dims;
  if (labels.length !== nx * ny * nz) throw new Error(`labels (${labels.length}) do not match dims ${nx}x${ny}x${nz}`);
  const size = maxLabel + 1;
  const counts = new Array<number>(size).fill(0);
  const sums = new Float64Array(size * 3);
  let p = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, p++) {
        const v = labels[p];
        if (v === 0 || v > maxLabel) continue;
        counts[v]++;
        sums[v * 3] += i;
        sums[v * 3 + 1] += j;
        sums[v * 3 + 2] += k;
      }
    }
  }
  counts[0] = labels.length - counts.reduce((a, b) => a + b, 0);
  const centres = counts.map((n, v): Point3 | null =>
    v === 0 || n === 0 ? null : indexToWorld(geometry, [sums[v * 3] / n, sums[v * 3 + 1] / n, sums[v * 3 + 2] / n]),
  );
  return { counts, centres };
}
