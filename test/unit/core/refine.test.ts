import { refineAtNativeResolution } from '../../../extensions/bone-segmentation/src/core/postprocess/refine';

/** Native grid 40 x 12 x 12 at 1 mm; coarse grid 20 x 6 x 6 at 2 mm (each coarse voxel = 2 x 2 x 2 native). */
const dims: [number, number, number] = [40, 12, 12];
const cdims: [number, number, number] = [20, 6, 6];
const at = (x: number, y: number, z: number): number => x + y * 40 + z * 480;

function coarseLabels(ranges: Array<[number, number, number]>): Uint8Array {
  // [value, x0, x1) in coarse x, whole y/z.
  const c = new Uint8Array(20 * 36);
  for (const [v, x0, x1] of ranges) for (let z = 0; z < 6; z++) for (let y = 0; y < 6; y++) for (let x = x0; x < x1; x++) c[x + y * 20 + z * 120] = v;
  return c;
}

function slab(hu: Int16Array, x0: number, x1: number, value: number): void {
  for (let z = 0; z < 12; z++) for (let y = 0; y < 12; y++) for (let x = x0; x < x1; x++) hu[at(x, y, z)] = value;
}

describe('native refinement', () => {
  it('where the coarse left/right cut is only a guess, both sides compete and the joint space decides', () => {
    const hu = new Int16Array(40 * 144).fill(40);
    slab(hu, 2, 20, 700); // right pubic bone up to native 19
    slab(hu, 23, 38, 700); // left pubic bone from native 23: a 3 mm dark joint space between them
    // The coarse cut sits 8 mm off, inside the left bone (coarse 15 = native 30).
    const coarse = coarseLabels([
      [10, 0, 15],
      [9, 15, 20],
    ]);
    const input = { hu, dims, spacing: [1, 1, 1] as [number, number, number], coarseLabels: coarse, coarseDims: cdims, coarseSpacing: [2, 2, 2] as [number, number, number] };
    // Without the contest, the left bone up to the cut is labelled right.
    expect(refineAtNativeResolution(input).labels[at(25, 5, 5)]).toBe(10);
    // Contested from coarse 8 to 17 (native 16-35): no seeds there, both labels may claim it.
    const contested = new Uint16Array(20 * 36);
    for (let z = 0; z < 6; z++) for (let y = 0; y < 6; y++) for (let x = 8; x < 18; x++) contested[x + y * 20 + z * 120] = (1 << 9) | (1 << 10);
    const { labels } = refineAtNativeResolution({ ...input, contested });
    expect(labels[at(19, 5, 5)]).toBe(10);
    expect(labels[at(21, 5, 5)]).toBe(0);
    for (const x of [23, 25, 29, 31]) expect(labels[at(x, 5, 5)]).toBe(9);
  });

  it('a femoral head the coarse map called hip bone goes to the femur when the joint is contested', () => {
    const hu = new Int16Array(40 * 144).fill(40);
    slab(hu, 2, 4, 700); // femoral neck cortex
    slab(hu, 4, 18, 120); // low-density head interior (below the bone threshold)
    slab(hu, 18, 20, 700); // head cortex
    // native 20-22: joint space (40 HU)
    slab(hu, 23, 25, 700); // acetabulum cortex
    slab(hu, 25, 36, 120); // low-density hip bone
    slab(hu, 36, 38, 700);
    const coarse = coarseLabels([
      [1, 0, 3], // femur only at the neck; the head (coarse 3-9) is called hip bone
      [9, 3, 20],
    ]);
    const coarseHu = new Float32Array(20 * 36);
    for (let c = 0; c < coarseHu.length; c++) coarseHu[c] = hu[at(2 * (c % 20), 5, 5)];
    const input = { hu, dims, spacing: [1, 1, 1] as [number, number, number], coarseLabels: coarse, coarseDims: cdims, coarseSpacing: [2, 2, 2] as [number, number, number], coarseHu };
    expect(refineAtNativeResolution(input).labels[at(12, 5, 5)]).toBe(9);
    const contested = new Uint16Array(20 * 36);
    for (let z = 0; z < 6; z++) for (let y = 0; y < 6; y++) for (let x = 2; x < 11; x++) contested[x + y * 20 + z * 120] = (1 << 1) | (1 << 9);
    const { labels } = refineAtNativeResolution({ ...input, contested });
    for (const x of [6, 12, 17, 19]) expect(labels[at(x, 5, 5)]).toBe(1);
    expect(labels[at(21, 5, 5)]).toBe(0); // the joint space stops both fronts
    for (const x of [24, 30]) expect(labels[at(x, 5, 5)]).toBe(9);
  });

  it('labels bone by the half-maximum edge: the partial-volume halo next to dense cortex is left out', () => {
    const hu = new Int16Array(40 * 144).fill(40);
    slab(hu, 10, 20, 1000);
    slab(hu, 9, 10, 400); // halo below half of (1000 + 50)
    slab(hu, 20, 21, 600); // a partial voxel above half: bone
    const { labels } = refineAtNativeResolution({
      hu,
      dims,
      spacing: [1, 1, 1],
      coarseLabels: coarseLabels([[1, 4, 11]]),
      coarseDims: cdims,
      coarseSpacing: [2, 2, 2],
    });
    expect(labels[at(9, 5, 5)]).toBe(0);
    expect(labels[at(10, 5, 5)]).toBe(1);
    expect(labels[at(20, 5, 5)]).toBe(1);
    expect(labels[at(21, 5, 5)]).toBe(0);
  });

  it('lets each bone claim its own dense bone before any front crosses a dim bridge across the joint space', () => {
    const hu = new Int16Array(40 * 144).fill(40);
    slab(hu, 2, 20, 700); // bone A
    slab(hu, 20, 21, 390); // a partial-volume bridge across the joint space (bone by half-maximum, not dense)
    slab(hu, 21, 38, 700); // bone B
    // The coarse boundary sits one coarse voxel inside B (native 22): A's seeds reach the bridge (native 19),
    // B's start at native 24. Breadth-first growth alone would carry A across the bridge into B's native 21.
    const { labels } = refineAtNativeResolution({
      hu,
      dims,
      spacing: [1, 1, 1],
      coarseLabels: coarseLabels([
        [3, 0, 11],
        [5, 11, 20],
      ]),
      coarseDims: cdims,
      coarseSpacing: [2, 2, 2],
    });
    expect(labels[at(19, 5, 5)]).toBe(3);
    expect(labels[at(21, 5, 5)]).toBe(5);
    expect(labels[at(22, 5, 5)]).toBe(5);
    expect([3, 5]).toContain(labels[at(20, 5, 5)]); // the bridge itself goes to either
  });

  it('does not let a bone sweep through a connected neighbour the network under-segmented', () => {
    const hu = new Int16Array(40 * 144).fill(40);
    slab(hu, 2, 38, 700); // bones A (native 2..19) and B (20..37) touching with no gap
    // A is predicted fully; B only as a one-coarse-voxel sliver at its far end (no interior seeds at all).
    const { labels } = refineAtNativeResolution({
      hu,
      dims,
      spacing: [1, 1, 1],
      coarseLabels: coarseLabels([
        [3, 0, 10],
        [5, 18, 19],
      ]),
      coarseDims: cdims,
      coarseSpacing: [2, 2, 2],
    });
    expect(labels[at(10, 5, 5)]).toBe(3);
    expect(labels[at(22, 5, 5)]).toBe(3); // within A's margin, connected to A
    expect(labels[at(35, 5, 5)]).toBe(5); // beyond A's reach: B's, not swept by A's front
  });
});
