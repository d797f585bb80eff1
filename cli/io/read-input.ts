/** One entry for the CLI's inputs: a NIfTI file or a folder of DICOM files. */
import { stat } from 'node:fs/promises';
import type { CtVolume } from '../../extensions/bone-segmentation/src/core/types';
import { readDicomFolder } from './dicom-folder';
import { InputReadError } from './input-errors';
import { headerForGeometry, readNifti, type NiftiHeader } from './nifti';

export interface LoadedInput {
  volume: CtVolume;
  /** The header outputs are written with: the input's own for NIfTI, the equivalent affine for DICOM. */
  outputHeader: NiftiHeader;
  kind: 'nifti' | 'dicom';
  /** What the reader decided on the user's behalf (which series of a study folder), for the console and report. */
  notes: string[];
}

export { InputReadError };

export interface ReadInputOptions {
  /** Read a NIfTI without orientation as RAS instead of refusing it. */
  assumeOrientation?: boolean;
}

export async function readInput(path: string, options: ReadInputOptions = {}): Promise<LoadedInput> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch {
    throw new InputReadError(`Cannot read ${path}: no such file or folder.`);
  }
  if (isDir) {
    const notes: string[] = [];
    const volume = await readDicomFolder(path, (n) => notes.push(n));
    return { volume, outputHeader: headerForGeometry(volume), kind: 'dicom', notes };
  }
  const { volume, header, notes } = await readNifti(path, { assumeOrientation: options.assumeOrientation });
  return { volume, outputHeader: header, kind: 'nifti', notes };
}
