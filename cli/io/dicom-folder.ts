/**
 * Reads a folder of CT DICOM files (one series, chosen when there are several) into a CtVolume: slices sorted along the slice normal, spacing and
 * completeness checked (core/slice-geometry), Rescale Slope/Intercept applied. Native, JPEG 2000, JPEG Lossless and
 * RLE pixel data are decoded (dicom-codecs.ts); other compressions are refused with one sentence. Study/Series UIDs may be empty: we read files, not a PACS.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import dcmjs from 'dcmjs';
import { InvalidInputError } from '../../extensions/bone-segmentation/src/core/errors';
import { stackGeometry, type Vec3 } from '../../extensions/bone-segmentation/src/core/slice-geometry';
import type { CtVolume } from '../../extensions/bone-segmentation/src/core/types';
import { MAX_VOXELS } from '../../extensions/bone-segmentation/src/core/validate';
import { pixelDataBytesPresent } from './pixel-data-extent';
import { decodeJpeg2000, decodeJpegLossless, decodeRle, JPEG2000, JPEG_LOSSLESS, RLE_LOSSLESS, UNCOMPRESSED } from './dicom-codecs';

export class DicomReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DicomReadError';
  }
}

interface Slice {
  file: string;
  transferSyntax: string;
  seriesUid: string;
  seriesDescription: string;
  /** Image Type values, upper case (a scout says LOCALIZER). */
  imageType: string[];
  modality: string;
  rows: number;
  columns: number;
  pixelSpacing: [number, number];
  orientation: number[];
  position: Vec3;
  /** False for an image without Image Position/Orientation (a dose report or screen capture saved as CT). */
  hasGeometry: boolean;
  slope: number;
  intercept: number;
  bitsAllocated: number;
  pixelRepresentation: number;
  samplesPerPixel: number;
  pixelData: ArrayBuffer;
}

function num(v: unknown, what: string, file: string): number {
  const x = Array.isArray(v) ? Number(v[0]) : Number(v);
  if (!Number.isFinite(x)) throw new DicomReadError(`${file}: ${what} is missing or invalid.`);
  return x;
}

function nums(v: unknown, n: number, what: string, file: string): number[] {
  const a = (Array.isArray(v) ? v : typeof v === 'string' ? v.split('\\') : []).map(Number);
  if (a.length !== n || a.some((x) => !Number.isFinite(x))) throw new DicomReadError(`${file}: ${what} is missing or invalid.`);
  return a;
}

/** Larger images are not CT slices (4096 x 4096 is the largest matrix scanners reconstruct). */
const MAX_IMAGE_SIDE = 8192;

function isDicomFile(bytes: Buffer): boolean {
  return bytes.length > 132 && bytes.toString('latin1', 128, 132) === 'DICM';
}

function parseSlice(file: string, bytes: Buffer): Slice | null {
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let message: { meta: Record<string, { Value?: unknown[] }>; dict: Record<string, unknown> };
  try {
    message = dcmjs.data.DicomMessage.readFile(ab) as typeof message;
  } catch (e) {
    throw new DicomReadError(`${file} is not a readable DICOM file (${(e as Error).message}).`);
  }
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(message.dict) as Record<string, unknown>;
  if (ds.PixelData === undefined) return null; // a DICOMDIR, a report, a presentation state...
  const ts = String(message.meta['00020010']?.Value?.[0] ?? '1.2.840.10008.1.2.1');
  if (Number(ds.Rows) > MAX_IMAGE_SIDE || Number(ds.Columns) > MAX_IMAGE_SIDE)
    throw new InvalidInputError('too-large', `${file}: the image is ${ds.Columns} x ${ds.Rows} pixels; CT slices are at most ${MAX_IMAGE_SIDE} x ${MAX_IMAGE_SIDE}.`);
  // Byte-searchable syntaxes only: deflated and big-endian files are read by dcmjs's own checks.
  if (ts === '1.2.840.10008.1.2' || ts === '1.2.840.10008.1.2.1') {
    const expected = Number(ds.Rows) * Number(ds.Columns) * (Number(ds.SamplesPerPixel) || 1) * (Number(ds.BitsAllocated) / 8);
    const present = pixelDataBytesPresent(bytes, ts !== '1.2.840.10008.1.2');
    if (present < expected) throw new DicomReadError(`${file}: the pixel data is truncated (${present} of ${expected} bytes); the file is incomplete.`);
  }
  const pixel = ds.PixelData as ArrayBuffer | ArrayBuffer[];
  const frames = Array.isArray(pixel) ? pixel : [pixel];
  const hasGeometry = ds.ImageOrientationPatient !== undefined || ds.ImagePositionPatient !== undefined;
  return {
    file,
    transferSyntax: ts,
    seriesUid: String(ds.SeriesInstanceUID ?? ''),
    seriesDescription: String(ds.SeriesDescription ?? ''),
    imageType: (Array.isArray(ds.ImageType) ? ds.ImageType : String(ds.ImageType ?? '').split('\\')).map((t) => String(t).toUpperCase()),
    modality: String(ds.Modality ?? ''),
    rows: num(ds.Rows, 'Rows', file),
    columns: num(ds.Columns, 'Columns', file),
    pixelSpacing: nums(ds.PixelSpacing, 2, 'Pixel Spacing', file) as [number, number],
    orientation: hasGeometry ? nums(ds.ImageOrientationPatient, 6, 'Image Orientation (Patient)', file) : [],
    position: (hasGeometry ? nums(ds.ImagePositionPatient, 3, 'Image Position (Patient)', file) : [0, 0, 0]) as Vec3,
    hasGeometry,
    slope: ds.RescaleSlope === undefined ? 1 : num(ds.RescaleSlope, 'Rescale Slope', file),
    intercept: ds.RescaleIntercept === undefined ? 0 : num(ds.RescaleIntercept, 'Rescale Intercept', file),
    bitsAllocated: num(ds.BitsAllocated, 'Bits Allocated', file),
    pixelRepresentation: ds.PixelRepresentation === undefined ? 0 : num(ds.PixelRepresentation, 'Pixel Representation', file),
    samplesPerPixel: ds.SamplesPerPixel === undefined ? 1 : num(ds.SamplesPerPixel, 'Samples per Pixel', file),
    pixelData: frames.length === 1 ? frames[0] : concatFrames(frames),
  };
}

function concatFrames(frames: ArrayBuffer[]): ArrayBuffer {
  // Encapsulated single frames split into several fragments: the codestream is their concatenation.
  const total = frames.reduce((s, f) => s + f.byteLength, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const f of frames) {
    out.set(new Uint8Array(f), o);
    o += f.byteLength;
  }
  return out.buffer;
}

/** Raw stored values of one slice (before rescale) as a number accessor. */
async function storedValues(s: Slice): Promise<Int16Array | Uint16Array | Uint8Array | Int8Array> {
  const n = s.rows * s.columns;
  let bytes: Uint8Array;
  let signed = s.pixelRepresentation === 1;
  const bytesPerSample = s.bitsAllocated / 8;
  const encoded = new Uint8Array(s.pixelData);
  try {
    if (UNCOMPRESSED.has(s.transferSyntax)) {
      bytes = encoded;
    } else if (JPEG2000.has(s.transferSyntax)) {
      const j = await decodeJpeg2000(encoded);
      if (j.width !== s.columns || j.height !== s.rows) throw new DicomReadError(`${s.file}: the JPEG 2000 image does not match Rows/Columns.`);
      bytes = j.bytes;
      signed = j.signed || signed;
    } else if (JPEG_LOSSLESS.has(s.transferSyntax)) {
      bytes = await decodeJpegLossless(encoded);
    } else if (s.transferSyntax === RLE_LOSSLESS) {
      bytes = decodeRle(encoded, n, bytesPerSample);
    } else {
      throw new DicomReadError(
        `The DICOM files use transfer syntax ${s.transferSyntax}, which this tool does not decode; convert them (e.g. dcmdjpeg) first.`,
      );
    }
  } catch (e) {
    if (e instanceof DicomReadError) throw e;
    throw new DicomReadError(`${s.file}: the compressed pixel data could not be decoded (${(e as Error).message}).`);
  }
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  // A file cut inside its pixel data must never become a black slice.
  if (copy.byteLength < bytesPerSample * n) throw new DicomReadError(`${s.file}: the pixel data is truncated (${copy.byteLength} of ${bytesPerSample * n} bytes).`);
  if (s.bitsAllocated === 16) {
    return signed ? new Int16Array(copy, 0, n) : new Uint16Array(copy, 0, n);
  }
  if (s.bitsAllocated === 8) return signed ? new Int8Array(copy, 0, n) : new Uint8Array(copy, 0, n);
  throw new DicomReadError(`${s.file}: ${s.bitsAllocated}-bit pixels are not supported.`);
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(p)));
    else if (entry.isFile()) out.push(p);
  }
  return out.sort();
}

/**
 * The CT series to read. A study folder as exported from a PACS also holds the scout (Image Type LOCALIZER) and
 * often several reconstructions; like dcm2niix or Slicer's DICOM browser we do not refuse that: scouts are left
 * out and the series with the most slices (the thin axial reconstruction) is read, and `onNote` says which.
 */
function chooseSeries(ct: Slice[], dir: string, onNote: (note: string) => void): Slice[] {
  const located = ct.filter((s) => s.hasGeometry);
  if (located.length < ct.length) onNote(`Left out ${ct.length - located.length} image(s) without a position in the patient (dose report, screen capture).`);
  const images = located.filter((s) => !s.imageType.includes('LOCALIZER'));
  if (images.length === 0) throw new InvalidInputError('not-ct', `The CT images in ${dir} are scouts, dose reports or screen captures, not a CT volume.`);
  const bySeries = new Map<string, Slice[]>();
  for (const s of images) {
    const group = bySeries.get(s.seriesUid);
    if (group) group.push(s);
    else bySeries.set(s.seriesUid, [s]);
  }
  const groups = [...bySeries.values()].sort((a, b) => b.length - a.length);
  if (images.length < located.length) onNote(`Left out ${located.length - images.length} scout image(s).`);
  if (groups.length === 1) return groups[0];
  if (groups[0].length === groups[1].length)
    throw new DicomReadError(`The folder holds ${groups.length} CT series, two of them with ${groups[0].length} slices; point to a folder with one series.`);
  const name = groups[0][0].seriesDescription ? `"${groups[0][0].seriesDescription}"` : groups[0][0].seriesUid || 'without a UID';
  onNote(`The folder holds ${groups.length} CT series; reading the one with the most slices, ${name} (${groups[0].length} slices).`);
  return groups[0];
}

export async function readDicomFolder(dir: string, onNote: (note: string) => void = () => {}): Promise<CtVolume> {
  if (!(await stat(dir)).isDirectory()) throw new DicomReadError(`${dir} is not a folder.`);
  const slices: Slice[] = [];
  for (const file of await listFiles(dir)) {
    const bytes = await readFile(file);
    if (!isDicomFile(bytes)) continue;
    const s = parseSlice(file, bytes);
    if (s) slices.push(s);
  }
  if (slices.length === 0) throw new DicomReadError(`No DICOM images were found in ${dir}.`);
  const allCt = slices.filter((s) => s.modality === 'CT');
  if (allCt.length === 0)
    throw new InvalidInputError('not-ct', `The images in ${dir} are ${[...new Set(slices.map((s) => s.modality || 'unknown'))].join('/')}, not CT.`);
  const ct = chooseSeries(allCt, dir, onNote);
  const first = ct[0];
  for (const s of ct) {
    if (s.rows !== first.rows || s.columns !== first.columns)
      throw new DicomReadError('The slices of the series have different image sizes.');
    if (s.pixelSpacing.some((v, i) => Math.abs(v - first.pixelSpacing[i]) > 1e-3))
      throw new DicomReadError('The slices of the series have different pixel spacings.');
    if (s.orientation.some((v, i) => Math.abs(v - first.orientation[i]) > 1e-3))
      throw new DicomReadError('The slices of the series have different orientations.');
    if (s.samplesPerPixel !== 1) throw new InvalidInputError('not-ct', 'The images are colour images, not CT.');
  }
  // Before any allocation: a header may claim 65535 x 65535 pixels.
  const claimed = first.rows * first.columns * ct.length;
  if (first.rows > MAX_IMAGE_SIDE || first.columns > MAX_IMAGE_SIDE || claimed > MAX_VOXELS)
    throw new InvalidInputError('too-large', `The series is too large (${first.columns} x ${first.rows} x ${ct.length} voxels); at most ${MAX_VOXELS / 512 / 512} slices of 512 x 512 are read.`);
  const row = first.orientation.slice(0, 3) as Vec3;
  const col = first.orientation.slice(3, 6) as Vec3;
  const geometry = stackGeometry(
    ct.map((s) => s.position),
    row,
    col,
  );
  const sorted = geometry.order.map((i) => ct[i]);
  const n = first.rows * first.columns;
  const integerScaling = sorted.every((s) => Number.isInteger(s.slope) && Number.isInteger(s.intercept));
  const voxels = integerScaling ? new Int16Array(n * sorted.length) : new Float32Array(n * sorted.length);
  for (let k = 0; k < sorted.length; k++) {
    const s = sorted[k];
    const stored = await storedValues(s);
    const o = k * n;
    for (let i = 0; i < n; i++) {
      const v = stored[i] * s.slope + s.intercept;
      voxels[o + i] = integerScaling ? Math.max(-32768, Math.min(32767, v)) : v;
    }
  }
  return {
    voxels,
    dims: [first.columns, first.rows, sorted.length],
    // PixelSpacing is (between rows, between columns); axis i runs along a row.
    spacing: [first.pixelSpacing[1], first.pixelSpacing[0], geometry.spacing],
    direction: [...row, ...col, ...geometry.normal],
    origin: [...sorted[0].position],
  };
}
