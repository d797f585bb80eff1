/**
 * A small synthetic CT for pipeline tests: two "femur" prisms (cortex 1200 HU around a 0 HU marrow cavity) at
 * patient x = -40 and +40 mm and a "sacrum" block (400 HU) at the midline, in soft tissue, with air around. Object
 * edges are aligned to the 4 mm test model grid so the intensity test network below sees clean classes.
 */
import type { ModelConfig } from '../../../extensions/bone-segmentation/src/core/model-config';
import type { CtVolume, ModelRunner } from '../../../extensions/bone-segmentation/src/core/types';

export const LPS_DIMS: [number, number, number] = [64, 40, 24];
export const SPACING: [number, number, number] = [2, 2, 4];

export const TEST_CONFIG: ModelConfig = {
  onnx: 'none',
  spacing: [4, 4, 4],
  classes: ['background', 'femur', 'tibia', 'fibula', 'patella', 'hip', 'sacrum'],
  normalization: { clip: [-1000, 2000], center: 0, scale: 1000 },
  padValueHu: -1000,
  sizeMultiple: 4,
  maxInputShape: [64, 64, 64],
  windowOverlap: 0.25,
};

/** Label values (labels.json) of the phantom, in LPS index order. */
export function phantomTruthLps(): Uint8Array {
  const [nx, ny, nz] = LPS_DIMS;
  const t = new Uint8Array(nx * ny * nz);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const p = x + y * nx + z * nx * ny;
        const inY = y >= 12 && y < 28;
        // x index 8..24 -> patient x around -40 mm (right); 40..56 -> +40 mm (left).
        if (inY && x >= 8 && x < 24) t[p] = 2; // femur_right
        else if (inY && x >= 40 && x < 56) t[p] = 1; // femur_left
        else if (y >= 16 && y < 24 && x >= 28 && x < 36) t[p] = 11; // sacrum
      }
  return t;
}

function phantomHuLps(): Int16Array {
  const [nx, ny, nz] = LPS_DIMS;
  const truth = phantomTruthLps();
  const hu = new Int16Array(nx * ny * nz);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const p = x + y * nx + z * nx * ny;
        let v = y >= 4 && y < 36 && x >= 2 && x < 62 ? 40 : -1000;
        if (truth[p] === 1 || truth[p] === 2) {
          const x0 = truth[p] === 1 ? 40 : 8;
          const marrow = y >= 14 && y < 26 && x >= x0 + 2 && x < x0 + 14;
          v = marrow ? 0 : 1200;
        } else if (truth[p] === 11) v = 400;
        hu[p] = v;
      }
  return hu;
}

/** The phantom stored in LPS order (direction identity) or RAS order (i -> patient right, j -> anterior). */
export function phantomVolume(storage: 'LPS' | 'RAS'): { volume: CtVolume; truth: Uint8Array } {
  const [nx, ny, nz] = LPS_DIMS;
  const hu = phantomHuLps();
  const truthLps = phantomTruthLps();
  // World x of LPS index x: -63 + 2x (centre of the grid at x = 0).
  const originLps: [number, number, number] = [-63, -39, 0];
  if (storage === 'LPS') return { volume: { voxels: hu, dims: [nx, ny, nz], spacing: SPACING, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], origin: originLps }, truth: truthLps };
  const voxels = new Int16Array(hu.length);
  const truth = new Uint8Array(hu.length);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const src = x + y * nx + z * nx * ny;
        const dst = nx - 1 - x + (ny - 1 - y) * nx + z * nx * ny;
        voxels[dst] = hu[src];
        truth[dst] = truthLps[src];
      }
  const origin: [number, number, number] = [originLps[0] + (nx - 1) * SPACING[0], originLps[1] + (ny - 1) * SPACING[1], 0];
  return { volume: { voxels, dims: [nx, ny, nz], spacing: SPACING, direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1], origin }, truth };
}

/**
 * A deterministic stand-in for the network that classifies each coarse voxel by its normalised intensity
 * (bright = femur, medium = sacrum). It exercises everything around the network; the network itself is tested
 * separately (ONNX node/web agreement).
 */
export function intensityRunner(calls: Array<[number, number, number]> = []): ModelRunner {
  return {
    async run(input, shape) {
      calls.push(shape);
      const n = input.length;
      const C = TEST_CONFIG.classes.length;
      const logits = new Float32Array(C * n);
      for (let i = 0; i < n; i++) {
        const v = input[i];
        const cls = v > 0.8 ? 1 : v > 0.3 && v < 0.5 ? 6 : 0;
        logits[cls * n + i] = 5;
      }
      return logits;
    },
  };
}
