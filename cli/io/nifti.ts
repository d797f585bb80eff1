/**
 * Node file IO for NIfTI (.nii, .nii.gz): gzip by magic bytes, not by file name. A file is never read or inflated
 * past what its header says the first volume needs, and the header is checked against the size limit first: a
 * 1 MB .nii.gz can claim gigabytes.
 */
import { open, writeFile } from 'node:fs/promises';
import { createGunzip, gzipSync } from 'node:zlib';
import { MAX_VOXELS } from '../../extensions/bone-segmentation/src/core/validate';
import type { CtVolume } from '../../extensions/bone-segmentation/src/core/types';
import { decodeNiftiVolume, encodeNifti, niftiBytesNeeded, NiftiFormatError, parseNiftiHeader, type NiftiData, type NiftiHeader, type NiftiReadOptions } from './nifti-format';
import { InputReadError } from './input-errors';

export { NiftiFormatError, headerForGeometry, type NiftiHeader } from './nifti-format';

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

const HEADER_BYTES = 544;

/** Stops inflating once `limit(bytesSoFar)` says enough; returns what was inflated. */
function inflateUntil(compressed: Uint8Array, enough: (inflated: Buffer[], total: number) => boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    const gunzip = createGunzip();
    const finish = (): void => {
      if (done) return;
      done = true;
      gunzip.destroy();
      resolve(Buffer.concat(chunks, total));
    };
    gunzip.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      total += chunk.length;
      let stop: boolean;
      try {
        stop = enough(chunks, total);
      } catch (error) {
        // The header said no (too large, not NIfTI): stop inflating and say why.
        done = true;
        gunzip.destroy();
        return reject(error);
      }
      if (stop) finish();
    });
    gunzip.on('end', finish);
    gunzip.on('error', (error) => {
      if (done) return;
      done = true;
      // A cut gzip stream still yields its first bytes: let the NIfTI checks say what is missing.
      if (total > 0 && /unexpected end/i.test(error.message)) resolve(Buffer.concat(chunks, total));
      else reject(new NiftiFormatError('The file looks gzip-compressed but cannot be decompressed (truncated or corrupt).'));
    });
    gunzip.end(compressed);
  });
}

async function readFileBounded(path: string, maxVoxels: number): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputReadError(code === 'ENOENT' ? `Cannot read ${path}: no such file.` : `Cannot read ${path} (${code ?? (error as Error).message}).`);
  }
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, HEADER_BYTES));
    await handle.read(head, 0, head.length, 0);
    if (isGzip(head)) {
      // Compressed files are small next to what they claim; the header is read before anything else is inflated.
      const compressed = Buffer.alloc(size);
      await handle.read(compressed, 0, size, 0);
      let needed = Infinity;
      const inflated = await inflateUntil(compressed, (chunks, total) => {
        if (needed === Infinity && total >= HEADER_BYTES) needed = niftiBytesNeeded(parseNiftiHeader(Buffer.concat(chunks, total)), maxVoxels).bytes;
        return total >= needed;
      });
      return new Uint8Array(inflated.buffer, inflated.byteOffset, Math.min(inflated.byteLength, needed));
    }
    const needed = niftiBytesNeeded(parseNiftiHeader(head), maxVoxels).bytes;
    const bytes = Buffer.alloc(Math.min(size, needed));
    await handle.read(bytes, 0, bytes.length, 0);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } finally {
    await handle.close();
  }
}

/**
 * Reads a .nii or .nii.gz file as a CtVolume (LPS) and the header needed to write outputs on its grid.
 * `maxVoxels` defaults to the core's limit, checked on the header before the voxels are read.
 */
export async function readNifti(path: string, options: NiftiReadOptions = {}): Promise<{ volume: CtVolume; header: NiftiHeader; notes: string[] }> {
  const maxVoxels = options.maxVoxels ?? MAX_VOXELS;
  return decodeNiftiVolume(await readFileBounded(path, maxVoxels), { ...options, maxVoxels });
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
