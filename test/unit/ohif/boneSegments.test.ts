import { LABELS } from '../../../extensions/bone-segmentation/src/core/label-table';
import { boneColorLut, bonesFound, describeBones } from '../../../extensions/bone-segmentation/src/ohif/boneSegments';

describe('bonesFound', () => {
  it('makes one segment per bone present, indexed by label value, named and coloured from labels.json', () => {
    const counts = [1_000_000, 5000, 0, 300, 0, 0, 0, 0, 0, 0, 0, 42];
    const segments = bonesFound(counts);
    expect(segments.map((s) => s.segmentIndex)).toEqual([1, 3, 11]);
    expect(segments.map((s) => s.label)).toEqual(['Femur L', 'Tibia L', 'Sacrum']);
    expect(segments[0]).toEqual({ segmentIndex: 1, label: 'Femur L', name: 'femur_left', color: [241, 214, 145], voxels: 5000 });
    expect(describeBones(segments)).toBe('3 bones: Femur L, Tibia L, Sacrum');
  });

  it('carries each bone centre, so the segment list can jump to it', () => {
    const counts = [100, 5, 0, 7];
    const segments = bonesFound(counts, [null, [1, 2, 3], null, [-4, 5.5, 6]]);
    expect(segments.map((s) => [s.segmentIndex, s.centre])).toEqual([
      [1, [1, 2, 3]],
      [3, [-4, 5.5, 6]],
    ]);
  });

  it('finds nothing in a labelmap of background only (or of values outside the table)', () => {
    expect(bonesFound([123456])).toEqual([]);
    const outside = new Array(40).fill(0);
    outside[0] = 10;
    outside[30] = 5;
    expect(bonesFound(outside)).toEqual([]);
  });
});

describe('boneColorLut', () => {
  it('uses the label table colours, a transparent background and the host colours beyond the table', () => {
    const host = Array.from({ length: 256 }, (_, i) => [i, i, i, 255]);
    const lut = boneColorLut(host);
    expect(lut).toHaveLength(256);
    expect(lut[0]).toEqual([0, 0, 0, 0]);
    for (const l of LABELS.filter((x) => x.value > 0)) expect(lut[l.value]).toEqual([...l.color, 255]);
    expect(lut[12]).toEqual([12, 12, 12, 255]);
  });

  it('still covers every label when the host has no default LUT', () => {
    expect(boneColorLut([])).toHaveLength(12);
  });
});
