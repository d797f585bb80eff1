/**
 * One bone of a labelmap as a smooth, closed surface in patient coordinates (DICOM LPS, mm): the mask blurred and
 * sampled on an isotropic grid, marching tetrahedra at the level that keeps the mask's volume, Taubin smoothing, then the grid-to-patient
 * transform. The triangle budget is met by sampling more coarsely (x1.25 per try), which decimates evenly.
 * Shared by the browser worker (3D view) and the CLI (--stl).
 */
import { marchingTetrahedra, type TriangleMesh } from './marching-tetrahedra';
import { meshVolume, taubinSmooth, transformMesh } from './mesh-ops';
import { blurBoneMask, levelForVolume, sampleField, type Geometry, type SampledField } from './smooth-field';

export interface BoneMeshOptions {
  /** Most triangles per bone (a planning or printing workflow handles 200k easily; the viewer draws 11 of them). */
  maxTriangles?: number;
  /** Finest sampling step in mm (a finer one only adds triangles below the CT's own resolution). */
  minStepMm?: number;
  smoothingIterations?: number;
}

export const DEFAULT_BONE_MESH: Required<BoneMeshOptions> = {
  maxTriangles: 200_000,
  minStepMm: 0.8,
  smoothingIterations: 10,
};

export interface BoneMesh extends TriangleMesh {
  /** Sampling step (mm) the budget allowed. */
  stepMm: number;
}

/**
 * The level surface whose enclosed volume is the mask's: a first guess from the sample histogram, then secant
 * steps on the surface's own volume (the cut corners of a surface through a voxel grid enclose a few per cent less
 * than the voxels do, most on small or thin bones).
 */
function surfaceKeepingVolume(field: SampledField): TriangleMesh {
  const cube = field.step ** 3;
  const target = field.maskVolumeMm3;
  let level = levelForVolume(field);
  let mesh = marchingTetrahedra(field, level);
  let volume = meshVolume(mesh) * cube;
  let previous: { level: number; volume: number } | null = null;
  for (let step = 0; step < 3 && Math.abs(volume - target) > 0.002 * target; step++) {
    const slope = previous && previous.level !== level ? (volume - previous.volume) / (level - previous.level) : null;
    // Without a slope yet, a small step in the direction that helps (a higher level encloses less).
    const next = slope && slope < 0 ? level + (target - volume) / slope : level + (volume > target ? 0.03 : -0.03);
    previous = { level, volume };
    level = Math.min(0.7, Math.max(0.15, next));
    mesh = marchingTetrahedra(field, level);
    volume = meshVolume(mesh) * cube;
  }
  return mesh;
}

export function boneMesh(labels: Uint8Array, geometry: Geometry, value: number, options: BoneMeshOptions = {}): BoneMesh | null {
  const { maxTriangles, minStepMm, smoothingIterations } = { ...DEFAULT_BONE_MESH, ...options };
  const { spacing, direction, origin } = geometry;
  // The CT's own in-plane resolution, but never below minStepMm; about one voxel of blur.
  let step = Math.max(minStepMm, Math.min(...spacing));
  // About a voxel of blur in-plane; each axis gets at least half of its own voxel (see blurBoneMask).
  const sigmaMm = Math.min(...spacing) * 0.6;
  const blurred = blurBoneMask(labels, geometry, value, sigmaMm);
  if (!blurred) return null;
  for (let attempt = 0; attempt < 12; attempt++, step *= 1.25) {
    const field = sampleField(blurred, step);
    const mesh = surfaceKeepingVolume(field);
    if (mesh.triangles.length / 3 > maxTriangles) continue;
    const smooth = smoothingIterations > 0 ? taubinSmooth(mesh, smoothingIterations) : mesh;
    // Sample (x, y, z) -> native voxel (i, j, k) = start + s * stride -> LPS = origin + D * diag(spacing) * (i, j, k).
    const m: number[] = [];
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) m.push(direction[3 * c + r] * spacing[c] * field.stride[c]);
    }
    const t: [number, number, number] = [0, 1, 2].map(
      (r) => origin[r] + direction[r] * spacing[0] * field.start[0] + direction[3 + r] * spacing[1] * field.start[1] + direction[6 + r] * spacing[2] * field.start[2],
    ) as [number, number, number];
    return { ...transformMesh(smooth, m, t), stepMm: step };
  }
  return null;
}
