/** Node file IO for NIfTI (.nii, .nii.gz): gzip by magic bytes, not by file name. */
import { readFile, writeFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { CtVolume } from '../../extensions/bone-segmentation/src/core/types';
import { decodeNiftiVolume, encodeNifti, NiftiFormatError, type NiftiData, type NiftiHeader } from './nifti-format';

export { NiftiFormatError, headerForGeometry, type NiftiHeader } from './nifti-format';

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export function decompressIfGzip(bytes: Uint8Array): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  let b: Buffer;
  try {
    b = gunzipSync(bytes);
  } catch {
    throw new NiftiFormatError('The file looks gzip-compressed but cannot be decompressed (truncated or corrupt).');
  }
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** Reads a .nii or .nii.gz file as a CtVolume (LPS) and the header needed to write outputs on its grid. */
export async function readNifti(path: string): Promise<{ volume: CtVolume; header: NiftiHeader }> {
  const file = await readFile(path);
  return decodeNiftiVolume(decompressIfGzip(new Uint8Array(file.buffer, file.byteOffset, file.byteLength)));
}

/** Writes `data` on the grid and affine of `like`; gzip when the path ends with .gz. */
export async function writeNifti(
  path: string,
  data: NiftiData,
  like: NiftiHeader,
  opts: { isLabelmap?: boolean; description?: string; gzipLevel?: number } = {},
): Promise<void> {
  const bytes = encodeNifti(data, like, opts);
  // Labelmaps are mostly zeros: the fastest level compresses them almost as well.
  const level = opts.gzipLevel ?? (opts.isLabelmap ? 1 : 6);
  await writeFile(path, path.endsWith('.gz') ? gzipSync(bytes, { level }) : bytes);
}
