import { indexToWorld, labelStatistics } from '../../../extensions/bone-segmentation/src/core/label-stats';

describe('labelStatistics', () => {
  // 4 x 3 x 2 voxels, 2 x 1 x 5 mm, axes i -> +x, j -> -z, k -> +y (an oblique-free but non-identity direction).
  const geometry = {
    dims: [4, 3, 2] as [number, number, number],
    spacing: [2, 1, 5] as [number, number, number],
    direction: [1, 0, 0, 0, 0, -1, 0, 1, 0],
    origin: [10, 20, 30] as [number, number, number],
  };
  const at = (i: number, j: number, k: number) => i + j * 4 + k * 12;

  it('counts every value and puts each label centre at its mean voxel, in world millimetres', () => {
    const labels = new Uint8Array(24);
    labels[at(0, 0, 0)] = 3;
    labels[at(2, 2, 1)] = 3;
    labels[at(3, 1, 1)] = 11;
    const { counts, centres } = labelStatistics(labels, geometry, 11);
    expect(counts).toEqual([21, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1]);
    // Label 3: mean index (1, 1, 0.5) -> x = 10 + 1*2, y = 20 + 0.5*5, z = 30 - 1*1.
    expect(centres[3]).toEqual([12, 22.5, 29]);
    expect(centres[11]).toEqual(indexToWorld(geometry, [3, 1, 1]));
    expect(centres[11]).toEqual([16, 25, 29]);
    expect(centres[0]).toBeNull();
    expect(centres[1]).toBeNull();
  });

  it('refuses a labelmap that does not fit the grid', () => {
    expect(() => labelStatistics(new Uint8Array(23), geometry, 11)).toThrow(/do not match/);
  });
});
