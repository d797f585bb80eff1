/**
 * Bone surfaces for the viewer's 3D view, in one pure function run in the mesh worker: the same mesher as the STL
 * export and the CLI, with a lighter triangle budget, since the 3D view draws every bone at once, in software
 * (SwiftShader) on a machine without a GPU.
 */
import { boneMesh, type BoneMeshOptions } from '../core/mesh/bone-mesh';
import type { Geometry } from '../core/mesh/smooth-field';

/**
 * Display budget: 40k triangles per bone (at most 440k for the eleven bones) and no sampling finer than 1.2 mm.
 * Finer surfaces are what Export STL is for; these only have to look right and draw fast.
 */
export const DISPLAY_BONE_MESH: BoneMeshOptions = { maxTriangles: 40_000, minStepMm: 1.2, smoothingIterations: 10 };

export interface BoneSurface {
  /** Label value of the bone. */
  value: number;
  /** x, y, z per vertex, DICOM patient coordinates (LPS, mm). */
  positions: Float32Array;
  /** Three vertex indices per triangle. */
  triangles: Uint32Array;
}

export function boneSurfaces(
  labels: Uint8Array,
  geometry: Geometry,
  values: number[],
  options: BoneMeshOptions = DISPLAY_BONE_MESH,
  onBone?: (done: number, total: number) => void,
): BoneSurface[] {
  const surfaces: BoneSurface[] = [];
  values.forEach((value, i) => {
    const mesh = boneMesh(labels, geometry, value, options);
    if (mesh && mesh.triangles.length > 0) surfaces.push({ value, positions: mesh.positions, triangles: mesh.triangles });
    onBone?.(i + 1, values.length);
  });
  return surfaces;
}
