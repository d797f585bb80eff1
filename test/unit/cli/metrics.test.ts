import { squaredDistanceTransform } from '../../../cli/metrics/distance-transform';
import { dice, scoreLabel } from '../../../cli/metrics/overlap';

function cube(dims: [number, number, number], value: number, lo: number[], hi: number[]): Uint8Array {
  const l = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (let z = lo[2]; z < hi[2]; z++)
    for (let y = lo[1]; y < hi[1]; y++) for (let x = lo[0]; x < hi[0]; x++) l[x + y * dims[0] + z * dims[0] * dims[1]] = value;
  return l;
}

describe('distance transform', () => {
  it('matches brute force on an anisotropic grid', () => {
    const dims: [number, number, number] = [9, 7, 5];
    const spacing: [number, number, number] = [0.7, 1.3, 2.5];
    const f = new Uint8Array(9 * 7 * 5);
    const pts = [
      [1, 1, 1],
      [7, 5, 3],
      [4, 0, 4],
    ];
    for (const [x, y, z] of pts) f[x + y * 9 + z * 63] = 1;
    const d = squaredDistanceTransform(f, dims, spacing);
    for (let z = 0; z < 5; z++)
      for (let y = 0; y < 7; y++)
        for (let x = 0; x < 9; x++) {
          const brute = Math.min(
            ...pts.map(([a, b, c]) => ((x - a) * spacing[0]) ** 2 + ((y - b) * spacing[1]) ** 2 + ((z - c) * spacing[2]) ** 2),
          );
          expect(d[x + y * 9 + z * 63]).toBeCloseTo(brute, 6);
        }
  });
});

describe('overlap scores', () => {
  const dims: [number, number, number] = [20, 20, 20];

  it('gives the Dice of a known pair', () => {
    const a = cube(dims, 1, [2, 2, 2], [12, 12, 12]); // 1000 voxels
    const b = cube(dims, 1, [7, 2, 2], [17, 12, 12]); // shifted by 5: overlap 500
    expect(dice(a, b, 1).dice).toBeCloseTo(0.5, 10);
    expect(dice(a, a, 1).dice).toBe(1);
    expect(dice(a, b, 2).dice).toBeNull();
  });

  it('measures surface distances in mm with anisotropic spacing', () => {
    const a = cube(dims, 3, [4, 4, 4], [14, 14, 14]);
    const same = scoreLabel(a, a, dims, [1, 1, 1], 3);
    expect(same.hd95Mm).toBe(0);
    expect(same.msdMm).toBe(0);
    // Grown by one voxel along x only, at 0.5 mm in x: every surface distance is 0 or 0.5 mm.
    const b = cube(dims, 3, [3, 4, 4], [15, 14, 14]);
    const s = scoreLabel(a, b, dims, [0.5, 2, 3], 3);
    expect(s.hd95Mm).toBeCloseTo(0.5, 6);
    expect(s.msdMm!).toBeGreaterThan(0);
    expect(s.msdMm!).toBeLessThan(0.5);
    const missing = scoreLabel(a, new Uint8Array(a.length), dims, [1, 1, 1], 3);
    expect(missing.dice).toBe(0);
    expect(missing.hd95Mm).toBeNull();
  });
});
