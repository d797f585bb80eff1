import { findMetal, metalWarning } from '../../../extensions/bone-segmentation/src/core/metal';
import type { CtVolume } from '../../../extensions/bone-segmentation/src/core/types';

const N = 20;
function volume(fill: (x: number, y: number, z: number) => number): CtVolume {
  const voxels = new Float32Array(N * N * N);
  for (let z = 0; z < N; z++) for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) voxels[z * N * N + y * N + x] = fill(x, y, z);
  return { voxels, dims: [N, N, N], spacing: [1, 1, 1], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], origin: [0, 0, 0] };
}
const inBlock = (x: number, y: number, z: number, lo: number, hi: number): boolean =>
  x >= lo && x < hi && y >= lo && y < hi && z >= lo && z < hi;

describe('findMetal', () => {
  it('reports a stem in the femur, takes the bone label off the metal and leaves the bone around it', () => {
    // Femur (1500 HU cortex-like bone) from 4 to 16, a 6 mm metal core (3071 HU, saturated) inside.
    const v = volume((x, y, z) => (inBlock(x, y, z, 7, 13) ? 3071 : inBlock(x, y, z, 4, 16) ? 1500 : 40));
    const labels = new Uint8Array(N * N * N);
    for (let i = 0; i < labels.length; i++) if (v.voxels[i] > 1000) labels[i] = 1;
    const report = findMetal(v, labels);
    expect(report.ml).toBeCloseTo(0.22, 2);
    expect(report.voxelsUnlabelled).toBe(216);
    expect(report.centre).toEqual([9.5, 9.5, 9.5]);
    expect(labels.reduce((n, l) => n + l, 0)).toBe(12 ** 3 - 6 ** 3);
    expect(metalWarning(report)).toMatch(/^Metal found in the scan \(0\.2 ml/);
  });

  it('finds no metal in dense bone, nor in one isolated bright voxel', () => {
    const v = volume((x, y, z) => (x === 10 && y === 10 && z === 10 ? 2600 : inBlock(x, y, z, 4, 16) ? 1900 : 40));
    const report = findMetal(v);
    expect(report.ml).toBe(0);
    expect(metalWarning(report)).toBeNull();
  });
});
