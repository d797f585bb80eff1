import {
  axisFilter,
  resampleVolume,
  upsampleNearest,
  upsampleTrilinear,
} from '../../../extensions/bone-segmentation/src/core/resample';

describe('resampling', () => {
  it('downsamples by area: an integer factor is the block mean', () => {
    const f = axisFilter(6, 1, 3);
    expect(f.nDst).toBe(2);
    const dims: [number, number, number] = [6, 1, 1];
    const out = resampleVolume(Float32Array.from([0, 3, 6, 10, 20, 30]), dims, [f, axisFilter(1, 1, 1), axisFilter(1, 1, 1)]);
    expect(out[0]).toBeCloseTo(3);
    expect(out[1]).toBeCloseTo(20);
  });

  it('upsamples thick slices by linear interpolation', () => {
    const f = axisFilter(3, 6, 3); // 3 slices of 6 mm -> 6 of 3 mm
    const id = axisFilter(1, 1, 1);
    const out = resampleVolume(Float32Array.from([0, 60, 120]), [1, 1, 3], [id, id, f]);
    expect(Array.from(out).map((v) => Math.round(v))).toEqual([0, 15, 45, 75, 105, 120]);
  });

  it('round-trips a smooth volume to a coarse grid and back (trilinear) with a small error', () => {
    const dims: [number, number, number] = [40, 36, 20];
    const spacing: [number, number, number] = [0.8, 0.8, 2];
    const coarseSpacing: [number, number, number] = [2, 2, 2];
    const v = new Float32Array(dims[0] * dims[1] * dims[2]);
    let p = 0;
    for (let z = 0; z < dims[2]; z++)
      for (let y = 0; y < dims[1]; y++)
        for (let x = 0; x < dims[0]; x++) v[p++] = 100 * Math.sin(x * 0.8 * 0.08) + 50 * Math.cos(y * 0.8 * 0.1) + 3 * z;
    const filters = [0, 1, 2].map((a) => axisFilter(dims[a], spacing[a], coarseSpacing[a])) as [
      ReturnType<typeof axisFilter>,
      ReturnType<typeof axisFilter>,
      ReturnType<typeof axisFilter>,
    ];
    const coarse = resampleVolume(v, dims, filters);
    const back = upsampleTrilinear(coarse, [filters[0].nDst, filters[1].nDst, filters[2].nDst], dims, spacing, coarseSpacing);
    // Interior only: the outermost half coarse voxel is extrapolated by clamping.
    let worst = 0;
    for (let z = 1; z < dims[2] - 1; z++)
      for (let y = 3; y < dims[1] - 3; y++)
        for (let x = 3; x < dims[0] - 3; x++) {
          const i = x + y * dims[0] + z * dims[0] * dims[1];
          worst = Math.max(worst, Math.abs(back[i] - v[i]));
        }
    expect(worst).toBeLessThan(2.5); // of a 300-unit range
  });

  it('maps labels back to the fine grid by nearest coarse voxel', () => {
    // Coarse 2 x 1 x 1 at 3 mm over a fine 6 x 1 x 1 at 1 mm: three fine voxels per coarse voxel.
    const fine = upsampleNearest(Uint8Array.from([4, 9]), [2, 1, 1], [6, 1, 1], [1, 1, 1], [3, 3, 3]);
    expect(Array.from(fine)).toEqual([4, 4, 4, 9, 9, 9]);
  });
});
