import { labelsAtNativeResolution } from '../../../extensions/bone-segmentation/src/core/postprocess/native-labels';
import type { Dims } from '../../../extensions/bone-segmentation/src/core/orientation';

/**
 * A 48^3 native grid under a 12^3 coarse grid (4x coarser). The network says "label 1" for coarse voxels 3..7 on
 * every axis, with certainty: its surface (bone probability 0.5) lies at native index 12 and 32, its sure interior
 * (>= 0.9) is 14..30, its inner band 12, 13, 30, 31 and its outer band 10, 11, 32, 33.
 */
const N = 48;
const dims: Dims = [N, N, N];
const at = (x: number, y: number, z: number): number => z * N * N + y * N + x;

function network(spacingMm: number) {
  const C = 12;
  const coarseLabels = new Uint8Array(C * C * C);
  const coarseBone = new Float32Array(C * C * C);
  for (let z = 3; z < 8; z++)
    for (let y = 3; y < 8; y++)
      for (let x = 3; x < 8; x++) {
        coarseLabels[z * C * C + y * C + x] = 1;
        coarseBone[z * C * C + y * C + x] = 1;
      }
  const s = spacingMm;
  return {
    dims,
    spacing: [s, s, s] as [number, number, number],
    coarseLabels,
    coarseBone,
    coarseDims: [C, C, C] as Dims,
    coarseSpacing: [4 * s, 4 * s, 4 * s] as [number, number, number],
  };
}

/** Soft tissue everywhere, then a box [lo, hi) per axis: a 2-voxel cortex around an interior. */
function ct(lo: Dims, hi: Dims, cortexHu: number, interiorHu: number, tissueHu = 40): Float32Array {
  const hu = new Float32Array(N * N * N).fill(tissueHu);
  for (let z = lo[2]; z < hi[2]; z++)
    for (let y = lo[1]; y < hi[1]; y++)
      for (let x = lo[0]; x < hi[0]; x++) {
        const depth = Math.min(x - lo[0], hi[0] - 1 - x, y - lo[1], hi[1] - 1 - y, z - lo[2], hi[2] - 1 - z);
        hu[at(x, y, z)] = depth < 2 ? cortexHu : interiorHu;
      }
  return hu;
}

function count(labels: Uint8Array): number {
  return labels.reduce((n, l) => n + (l ? 1 : 0), 0);
}

function isExactlyBox(labels: Uint8Array, lo: number, hi: number): boolean {
  for (let z = 0; z < N; z++)
    for (let y = 0; y < N; y++)
      for (let x = 0; x < N; x++) {
        const inside = x >= lo && x < hi && y >= lo && y < hi && z >= lo && z < hi;
        if ((labels[at(x, y, z)] === 1) !== inside) return false;
      }
  return true;
}

describe('labelsAtNativeResolution', () => {
  it('labels the whole bone where the network is sure: cortex and a fatty marrow at -50 HU, no rim', () => {
    const hu = ct([12, 12, 12], [32, 32, 32], 700, -50);
    const { labels, contrast } = labelsAtNativeResolution(hu, network(1));
    expect(contrast.usable).toBe(true);
    expect(contrast.tissueHu).toBe(40);
    expect(contrast.cortexHu).toBe(700);
    expect(isExactlyBox(labels, 12, 32)).toBe(true);
  });

  it('never hollows the sure interior, even where a dim cortex has a gap to the outside', () => {
    const hu = ct([12, 12, 12], [32, 32, 32], 700, -50);
    for (let z = 18; z < 24; z++) for (let y = 18; y < 24; y++) for (let x = 12; x < 14; x++) hu[at(x, y, z)] = 40; // the gap
    const { labels, peeled } = labelsAtNativeResolution(hu, network(1));
    expect(peeled).toBeGreaterThan(0); // the gap itself, in the band
    let interiorMissing = 0;
    for (let z = 14; z < 30; z++) for (let y = 14; y < 30; y++) for (let x = 14; x < 30; x++) if (labels[at(x, y, z)] !== 1) interiorMissing++;
    expect(interiorMissing).toBe(0);
  });

  it('peels soft tissue the coarse grid blurred into the bone, but not marrow of the same HU behind the cortex', () => {
    // The real bone is 2 mm smaller than the network's on every side; its marrow reads like the soft tissue (40 HU).
    const hu = ct([14, 14, 14], [30, 30, 30], 700, 40);
    const { labels, peeled } = labelsAtNativeResolution(hu, network(1));
    expect(peeled).toBeGreaterThan(0);
    expect(isExactlyBox(labels, 14, 30)).toBe(true);
  });

  it('grows into bone beyond the network surface (denser than soft tissue), never into soft tissue', () => {
    // The real bone starts 2 mm below the network's surface along x.
    const hu = ct([10, 12, 12], [32, 32, 32], 700, 300);
    const { labels, grown } = labelsAtNativeResolution(hu, network(1));
    expect(grown).toBeGreaterThan(0);
    const line = Array.from({ length: N }, (_, x) => labels[at(x, 20, 20)]);
    expect(line.slice(10, 32).every((l) => l === 1)).toBe(true);
    expect(line[9]).toBe(0);
    expect(line[32]).toBe(0);
    expect(line[33]).toBe(0);
  });

  it('keeps the network surface when the CT shows no cortex (contrast too low to trust)', () => {
    const hu = new Float32Array(N * N * N).fill(40);
    const { labels, contrast } = labelsAtNativeResolution(hu, network(1));
    expect(contrast.usable).toBe(false);
    // The network's own 0.5 surface: face centres at 12 and 32, the sure interior whole, nothing outside its box.
    const line = Array.from({ length: N }, (_, x) => labels[at(x, 20, 20)]);
    expect(line.map((l, x) => (l === 1) === (x >= 12 && x < 32)).every(Boolean)).toBe(true);
    let outside = 0;
    let interiorMissing = 0;
    for (let z = 0; z < N; z++)
      for (let y = 0; y < N; y++)
        for (let x = 0; x < N; x++) {
          const l = labels[at(x, y, z)];
          const inBox = [x, y, z].every((c) => c >= 12 && c < 32);
          const inInterior = [x, y, z].every((c) => c >= 14 && c < 30);
          if (l && !inBox) outside++;
          if (!l && inInterior) interiorMissing++;
        }
    expect({ outside, interiorMissing }).toEqual({ outside: 0, interiorMissing: 0 });
  });

  it('trims one layer of partial-volume halo for 3 mm voxels, keeps it for 1 mm voxels', () => {
    const hu = ct([12, 12, 12], [32, 32, 32], 600, 600);
    // A halo layer on both x faces: denser than soft tissue, darker than the local half-maximum (320 HU).
    for (let z = 12; z < 32; z++)
      for (let y = 12; y < 32; y++) {
        hu[at(11, y, z)] = 200;
        hu[at(32, y, z)] = 200;
      }
    const fine = labelsAtNativeResolution(hu, network(1));
    const coarse = labelsAtNativeResolution(hu, network(3));
    expect(fine.labels[at(11, 20, 20)]).toBe(1);
    expect(fine.trimmed).toBe(0);
    expect(coarse.labels[at(11, 20, 20)]).toBe(0);
    expect(coarse.labels[at(12, 20, 20)]).toBe(1);
    expect(count(coarse.labels)).toBeLessThan(count(fine.labels));
  });
});
