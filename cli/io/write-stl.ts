/** Writes one binary STL per bone found (femur_left.stl, ...), from the core's mesher: the same surfaces as the viewer's 3D view. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LABELS } from '../../extensions/bone-segmentation/src/core/label-table';
import { boneMesh } from '../../extensions/bone-segmentation/src/core/mesh/bone-mesh';
import { meshVolume } from '../../extensions/bone-segmentation/src/core/mesh/mesh-ops';
import type { Geometry } from '../../extensions/bone-segmentation/src/core/mesh/smooth-field';
import { encodeBinaryStl } from '../../extensions/bone-segmentation/src/core/mesh/stl';

export interface StlReport {
  label: string;
  file: string;
  triangles: number;
  /** Volume enclosed by the mesh (ml); the labelmap's own is in the report's labels. */
  meshMl: number;
  /** Sampling step (mm) the triangle budget allowed. */
  stepMm: number;
}

export async function writeBoneStls(folder: string, labels: Uint8Array, geometry: Geometry, counts: number[], modelVersion: string): Promise<StlReport[]> {
  await mkdir(folder, { recursive: true });
  const written: StlReport[] = [];
  for (const label of LABELS) {
    if (label.value === 0 || !(counts[label.value] > 0)) continue;
    const mesh = boneMesh(labels, geometry, label.value);
    if (!mesh) continue;
    const file = join(folder, `${label.name}.stl`);
    await writeFile(file, encodeBinaryStl(mesh, `${label.name} (model ${modelVersion})`));
    written.push({
      label: label.name,
      file,
      triangles: mesh.triangles.length / 3,
      meshMl: Math.round(meshVolume(mesh) / 10) / 100,
      stepMm: Math.round(mesh.stepMm * 100) / 100,
    });
  }
  return written;
}
