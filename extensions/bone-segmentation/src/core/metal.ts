/**
 * Metal (arthroplasty components, screws, plates): found in the CT, reported, and never labelled as bone.
 *
 * The threshold is physical, not fitted: the densest cortical bone reads up to about 2000 HU on any scanner and
 * kernel, while steel, titanium and cobalt-chrome read above 3000 HU (or saturate at the top of the 12-bit scale,
 * 3071). 2500 HU sits between the two. A voxel counts only when a 6-neighbour is metal too, so a single noisy voxel
 * of dense cortex is not an implant; a report needs at least MIN_METAL_ML.
 */
import { indexToWorld, type Point3 } from './label-stats';
import type { CtVolume } from './types';

export const METAL_HU = 2500;
const MIN_METAL_ML = 0.05;

export interface MetalReport {
  /** Volume of metal found (ml); 0 when none. */
  ml: number;
  /** Centre of the metal in world coordinates (LPS, mm), null when none. */
  centre: Point3 | null;
  /** Bone-labelled voxels that were metal and were set to background. */
  voxelsUnlabelled: number;
}

export const NO_METAL: MetalReport = { ml: 0, centre: null, voxelsUnlabelled: 0 };

/** Finds metal in `volume`; where `labels` is given, metal voxels lose their bone label (in place). */
export function findMetal(volume: CtVolume, labels?: Uint8Array): MetalReport {
  const { voxels: hu, dims } = volume;
  const [nx, ny, nz] = dims;
  const sxy = nx * ny;
  let count = 0;
  let unlabelled = 0;
  let si = 0;
  let sj = 0;
  let sk = 0;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++) {
      const row = z * sxy + y * nx;
      for (let x = 0; x < nx; x++) {
        const p = row + x;
        if (hu[p] < METAL_HU) continue;
        if (labels && labels[p] !== 0) {
          labels[p] = 0;
          unlabelled++;
        }
        const paired =
          (x > 0 && hu[p - 1] >= METAL_HU) || (x < nx - 1 && hu[p + 1] >= METAL_HU) ||
          (y > 0 && hu[p - nx] >= METAL_HU) || (y < ny - 1 && hu[p + nx] >= METAL_HU) ||
          (z > 0 && hu[p - sxy] >= METAL_HU) || (z < nz - 1 && hu[p + sxy] >= METAL_HU);
        if (!paired) continue;
        count++;
        si += x;
        sj += y;
        sk += z;
      }
    }
  const ml = (count * volume.spacing[0] * volume.spacing[1] * volume.spacing[2]) / 1000;
  if (ml < MIN_METAL_ML) return { ...NO_METAL, voxelsUnlabelled: unlabelled };
  return { ml: Math.round(ml * 100) / 100, centre: indexToWorld(volume, [si / count, sj / count, sk / count]), voxelsUnlabelled: unlabelled };
}

/** The sentence a viewer or CLI shows when metal was found. */
export function metalWarning(report: MetalReport): string | null {
  if (report.ml <= 0) return null;
  return `Metal found in the scan (${report.ml.toFixed(1)} ml, an implant, screw or plate): it has no bone label, and the bone labels next to it need review (metal artefacts).`;
}
