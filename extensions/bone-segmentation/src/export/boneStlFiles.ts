/**
 * The STL export in one pure function, run in the mesh worker: one binary STL per bone of a labelmap (named by
 * label: femur_left.stl, ...), in mm and DICOM LPS patient coordinates, from the same mesher as the CLI's --stl.
 */
import { labelByValue } from '../core/label-table';
import { boneMesh, type BoneMeshOptions } from '../core/mesh/bone-mesh';
import type { Geometry } from '../core/mesh/smooth-field';
import { encodeBinaryStl } from '../core/mesh/stl';
import type { ZipEntry } from './storeZip';

export interface BoneStlFile extends ZipEntry {
  value: number;
  triangles: number;
}

export function boneStlFiles(
  labels: Uint8Array,
  geometry: Geometry,
  values: number[],
  modelVersion: string,
  options: BoneMeshOptions = {},
  onBone?: (done: number, total: number) => void,
): BoneStlFile[] {
  const files: BoneStlFile[] = [];
  values.forEach((value, i) => {
    const label = labelByValue(value);
    const mesh = label ? boneMesh(labels, geometry, value, options) : null;
    if (label && mesh) {
      files.push({ name: `${label.name}.stl`, value, triangles: mesh.triangles.length / 3, bytes: encodeBinaryStl(mesh, `${label.name} (${modelVersion})`) });
    }
    onBone?.(i + 1, values.length);
  });
  return files;
}
