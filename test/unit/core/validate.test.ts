import { InvalidInputError } from '../../../extensions/bone-segmentation/src/core/errors';
import { stackGeometry } from '../../../extensions/bone-segmentation/src/core/slice-geometry';
import { validateVolume } from '../../../extensions/bone-segmentation/src/core/validate';
import type { CtVolume } from '../../../extensions/bone-segmentation/src/core/types';

function ct(over: Partial<CtVolume> = {}): CtVolume {
  const dims: [number, number, number] = over.dims ?? [32, 32, 12];
  const voxels = new Int16Array(dims[0] * dims[1] * dims[2]).map((_, i) => (i % 3 === 0 ? -1000 : 40));
  return { voxels, dims, spacing: [1, 1, 2], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], origin: [0, 0, 0], ...over };
}

function reasonOf(f: () => void): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInputError);
    expect((e as Error).message).toMatch(/^[A-Z][^\n]*\.$/); // one sentence
    return (e as InvalidInputError).reason;
  }
  return 'accepted';
}

describe('input validation', () => {
  it('accepts a plain CT', () => expect(reasonOf(() => validateVolume(ct()))).toBe('accepted'));
  it('refuses fewer than 10 slices', () => {
    const dims: [number, number, number] = [32, 32, 9];
    expect(reasonOf(() => validateVolume(ct({ dims, voxels: new Int16Array(32 * 32 * 9).fill(-1000).map((v, i) => (i % 2 ? 40 : v)) })))).toBe(
      'too-few-slices',
    );
  });
  it('refuses values that are not Hounsfield units (MR-like, or unrescaled CT)', () => {
    expect(reasonOf(() => validateVolume(ct({ voxels: new Int16Array(32 * 32 * 12).map((_, i) => i % 1000) })))).toBe('not-ct');
  });
  it('refuses non-finite values', () => {
    const v = new Float32Array(32 * 32 * 12).map((_, i) => (i % 2 ? -1000 : 40));
    v[100] = NaN;
    expect(reasonOf(() => validateVolume(ct({ voxels: v })))).toBe('non-finite');
  });
  it('refuses sheared (gantry tilt) and strongly oblique grids', () => {
    const t = Math.sin(0.2);
    expect(reasonOf(() => validateVolume(ct({ direction: [1, 0, 0, 0, 1, 0, 0, t, Math.sqrt(1 - t * t)] })))).toBe('gantry-tilt');
    const c = Math.cos(0.6);
    const s = Math.sin(0.6);
    expect(reasonOf(() => validateVolume(ct({ direction: [c, s, 0, -s, c, 0, 0, 0, 1] })))).toBe('oblique');
  });
});

describe('slice stack geometry', () => {
  const row: [number, number, number] = [1, 0, 0];
  const col: [number, number, number] = [0, 1, 0];
  const at = (zs: number[], dx = 0): Array<[number, number, number]> => zs.map((z, i) => [i * dx, 0, z]);

  it('sorts slices along the normal and measures the spacing', () => {
    const g = stackGeometry(at([6, 0, 3, 9]), row, col);
    expect(g.order).toEqual([1, 2, 0, 3]);
    expect(g.spacing).toBeCloseTo(3);
  });
  it('refuses missing slices, uneven spacing, duplicates and gantry tilt', () => {
    expect(reasonOf(() => stackGeometry(at([0, 3, 6, 12, 15]), row, col))).toBe('missing-slices');
    expect(reasonOf(() => stackGeometry(at([0, 3, 6, 8, 11]), row, col))).toBe('uneven-spacing');
    expect(reasonOf(() => stackGeometry(at([0, 3, 3, 6]), row, col))).toBe('uneven-spacing');
    expect(reasonOf(() => stackGeometry(at([0, 3, 6, 9], 0.5), row, col))).toBe('gantry-tilt');
  });
});
