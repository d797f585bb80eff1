import { contestJoints } from '../../../extensions/bone-segmentation/src/core/postprocess/joints';

describe('hip joints left to the CT', () => {
  // A row of 12 coarse voxels: femur (1) at 0-3, hip bone (9) at 4-11.
  const dims: [number, number, number] = [12, 1, 1];
  const labels = Uint8Array.from([1, 1, 1, 1, 9, 9, 9, 9, 9, 9, 9, 9]);
  const both = (1 << 1) | (1 << 9);

  it('makes both bones undecided within the reach of each other, and nothing farther', () => {
    const c = contestJoints(labels, dims, [
      { undecided: 9, near: 1 },
      { undecided: 1, near: 9 },
    ], 2);
    expect(Array.from(c)).toEqual([0, 0, both, both, both, both, 0, 0, 0, 0, 0, 0]);
  });

  it('only in the direction asked, and not at all with no reach', () => {
    expect(Array.from(contestJoints(labels, dims, [{ undecided: 9, near: 1 }], 3))).toEqual([0, 0, 0, 0, both, both, both, 0, 0, 0, 0, 0]);
    expect(contestJoints(labels, dims, [{ undecided: 9, near: 1 }], 0).every((v) => v === 0)).toBe(true);
  });
});
