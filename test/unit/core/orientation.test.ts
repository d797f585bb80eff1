import { axisMapOf, gridToLps, lpsDims, lpsToGrid } from '../../../extensions/bone-segmentation/src/core/orientation';

describe('orientation', () => {
  it('maps LPS, RAS and sagittal grids to LPS axes', () => {
    expect(axisMapOf([1, 0, 0, 0, 1, 0, 0, 0, 1])).toEqual({ gridAxis: [0, 1, 2], flip: [false, false, false] });
    expect(axisMapOf([-1, 0, 0, 0, -1, 0, 0, 0, 1])).toEqual({ gridAxis: [0, 1, 2], flip: [true, true, false] });
    // Sagittal: i runs anterior->posterior, j superior->inferior, k right->left.
    expect(axisMapOf([0, 1, 0, 0, 0, -1, 1, 0, 0])).toEqual({ gridAxis: [2, 0, 1], flip: [false, false, true] });
    // A few degrees of obliquity snap to the nearest axes.
    const c = Math.cos(0.1);
    const s = Math.sin(0.1);
    expect(axisMapOf([c, s, 0, -s, c, 0, 0, 0, 1])).toEqual({ gridAxis: [0, 1, 2], flip: [false, false, false] });
  });

  it('puts a patient-left, posterior, superior marker at the high LPS corner, for any storage order', () => {
    const dims: [number, number, number] = [4, 3, 2];
    // Sagittal grid: i = posterior, j = inferior, k = left. Marker at the most posterior, superior, left voxel:
    // i = 3, j = 0, k = 1.
    const map = axisMapOf([0, 1, 0, 0, 0, -1, 1, 0, 0]);
    const grid = new Uint8Array(24);
    grid[3 + 0 * 4 + 1 * 12] = 7;
    const lps = gridToLps(grid, dims, map);
    const [nx, ny, nz] = lpsDims(dims, map);
    expect([nx, ny, nz]).toEqual([2, 4, 3]);
    expect(lps.indexOf(7)).toBe(nx - 1 + (ny - 1) * nx + (nz - 1) * nx * ny);
    expect(Array.from(lpsToGrid(lps, dims, map))).toEqual(Array.from(grid));
  });

  it('round-trips every permutation with flips', () => {
    const dims: [number, number, number] = [5, 4, 3];
    const data = Float32Array.from({ length: 60 }, (_, i) => i);
    const axes = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    for (const perm of [
      [0, 1, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ])
      for (const signs of [
        [1, 1, 1],
        [-1, 1, -1],
        [-1, -1, -1],
      ]) {
        const direction = perm.flatMap((a, g) => axes[a].map((v) => v * signs[g]));
        const map = axisMapOf(direction);
        expect(Array.from(lpsToGrid(gridToLps(data, dims, map), dims, map))).toEqual(Array.from(data));
      }
  });
});
