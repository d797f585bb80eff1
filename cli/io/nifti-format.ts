/**
 * NIfTI-1 / NIfTI-2 encoding and decoding on uncompressed bytes. No Node imports, so a browser bundle can use it too
 * (gzip is the caller's job: see nifti.ts for the Node file wrapper).
 *
 * Geometry: NIfTI's affine maps voxel (i, j, k) to RAS millimetres; the core's CtVolume is LPS. We convert with
 * LPS = diag(-1, -1, 1) * RAS and keep voxel order unchanged (NIfTI stores i fastest, like CtVolume).
 */
import type { CtVolume } from '../../extensions/bone-segmentation/src/core/types';

export type NiftiVersion = 1 | 2;

/** NIfTI datatype codes we read; we write uint8, int16 and float32. */
export const NIFTI_TYPE = {
  UINT8: 2,
  INT16: 4,
  INT32: 8,
  FLOAT32: 16,
  FLOAT64: 64,
  INT8: 256,
  UINT16: 512,
  UINT32: 768,
} as const;

const NIFTI_INTENT_LABEL = 1002;

export class NiftiFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NiftiFormatError';
  }
}

/** Voxel sizes below this are not CT (and would make every volume in ml meaningless). */
export const MIN_VOXEL_SIZE_MM = 0.01;

/** The parsed header plus the raw header bytes, kept so an output can reuse the input's exact grid and affine. */
export interface NiftiHeader {
  version: NiftiVersion;
  littleEndian: boolean;
  /** dim[0..7] */
  dim: number[];
  /** pixdim[0..7]; pixdim[0] is qfac. */
  pixdim: number[];
  datatype: number;
  bitpix: number;
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
  qformCode: number;
  sformCode: number;
  quatern: [number, number, number];
  qoffset: [number, number, number];
  /** Rows of the sform: srow_x, srow_y, srow_z (4 numbers each). */
  srow: [number[], number[], number[]];
  /** The header bytes (348 for NIfTI-1, 540 for NIfTI-2), in the file's own byte order. */
  raw: Uint8Array;
}

interface Layout {
  headerSize: number;
  dim: [number, 'i16' | 'i64'];
  intentCode: number;
  datatype: number;
  bitpix: number;
  pixdim: [number, 'f32' | 'f64'];
  voxOffset: [number, 'f32' | 'i64'];
  sclSlope: [number, 'f32' | 'f64'];
  sclInter: [number, 'f32' | 'f64'];
  calMax: [number, 'f32' | 'f64'];
  calMin: [number, 'f32' | 'f64'];
  descrip: number;
  qformCode: [number, 'i16' | 'i32'];
  sformCode: [number, 'i16' | 'i32'];
  quatern: [number, 'f32' | 'f64'];
  srow: [number, 'f32' | 'f64'];
  magic: number;
}

// Byte offsets from the NIfTI-1 and NIfTI-2 standards (nifti1.h, nifti2.h).
const LAYOUT1: Layout = {
  headerSize: 348,
  dim: [40, 'i16'],
  intentCode: 68, // int16
  datatype: 70, // int16
  bitpix: 72, // int16
  pixdim: [76, 'f32'],
  voxOffset: [108, 'f32'],
  sclSlope: [112, 'f32'],
  sclInter: [116, 'f32'],
  calMax: [124, 'f32'],
  calMin: [128, 'f32'],
  descrip: 148,
  qformCode: [252, 'i16'],
  sformCode: [254, 'i16'],
  quatern: [256, 'f32'],
  srow: [280, 'f32'],
  magic: 344,
};

const LAYOUT2: Layout = {
  headerSize: 540,
  dim: [16, 'i64'],
  intentCode: 504, // int32
  datatype: 12, // int16
  bitpix: 14, // int16
  pixdim: [104, 'f64'],
  voxOffset: [168, 'i64'],
  sclSlope: [176, 'f64'],
  sclInter: [184, 'f64'],
  calMax: [192, 'f64'],
  calMin: [200, 'f64'],
  descrip: 240,
  qformCode: [344, 'i32'],
  sformCode: [348, 'i32'],
  quatern: [352, 'f64'],
  srow: [400, 'f64'],
  magic: 4,
};

const SIZE: Record<string, number> = { i16: 2, i32: 4, i64: 8, f32: 4, f64: 8 };

function get(view: DataView, offset: number, kind: string, le: boolean): number {
  switch (kind) {
    case 'i16':
      return view.getInt16(offset, le);
    case 'i32':
      return view.getInt32(offset, le);
    case 'i64':
      return Number(view.getBigInt64(offset, le));
    case 'f32':
      return view.getFloat32(offset, le);
    case 'f64':
      return view.getFloat64(offset, le);
    default:
      throw new Error(`unknown field kind ${kind}`);
  }
}

function set(view: DataView, offset: number, kind: string, le: boolean, value: number): void {
  switch (kind) {
    case 'i16':
      view.setInt16(offset, value, le);
      return;
    case 'i32':
      view.setInt32(offset, value, le);
      return;
    case 'i64':
      view.setBigInt64(offset, BigInt(Math.round(value)), le);
      return;
    case 'f32':
      view.setFloat32(offset, value, le);
      return;
    case 'f64':
      view.setFloat64(offset, value, le);
      return;
    default:
      throw new Error(`unknown field kind ${kind}`);
  }
}

function layoutOf(version: NiftiVersion): Layout {
  return version === 1 ? LAYOUT1 : LAYOUT2;
}

/** Reads the header; throws NiftiFormatError when the bytes are not NIfTI-1 or NIfTI-2. */
export function parseNiftiHeader(bytes: Uint8Array): NiftiHeader {
  if (bytes.byteLength < 348) throw new NiftiFormatError('The file is not NIfTI: it is shorter than a NIfTI header.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let version: NiftiVersion;
  let le: boolean;
  if (view.getInt32(0, true) === 348) [version, le] = [1, true];
  else if (view.getInt32(0, false) === 348) [version, le] = [1, false];
  else if (view.getInt32(0, true) === 540) [version, le] = [2, true];
  else if (view.getInt32(0, false) === 540) [version, le] = [2, false];
  else throw new NiftiFormatError('The file is not NIfTI (its header size is neither 348 nor 540).');
  const L = layoutOf(version);
  if (bytes.byteLength < L.headerSize) throw new NiftiFormatError('The NIfTI header is truncated.');

  const fieldArray = (at: [number, string], n: number): number[] =>
    Array.from({ length: n }, (_, i) => get(view, at[0] + i * SIZE[at[1]], at[1], le));
  const i16 = (off: number): number => view.getInt16(off, le);

  const dim = fieldArray(L.dim, 8);
  const pixdim = fieldArray(L.pixdim, 8);
  const q = fieldArray(L.quatern, 6);
  const srow = fieldArray(L.srow, 12);
  return {
    version,
    littleEndian: le,
    dim,
    pixdim,
    datatype: i16(L.datatype),
    bitpix: i16(L.bitpix),
    voxOffset: get(view, L.voxOffset[0], L.voxOffset[1], le),
    sclSlope: get(view, L.sclSlope[0], L.sclSlope[1], le),
    sclInter: get(view, L.sclInter[0], L.sclInter[1], le),
    qformCode: get(view, L.qformCode[0], L.qformCode[1], le),
    sformCode: get(view, L.sformCode[0], L.sformCode[1], le),
    quatern: [q[0], q[1], q[2]],
    qoffset: [q[3], q[4], q[5]],
    srow: [srow.slice(0, 4), srow.slice(4, 8), srow.slice(8, 12)],
    raw: bytes.slice(0, L.headerSize),
  };
}

/**
 * The voxel-to-RAS affine as 3 rows of 4, by the standard's precedence: sform if set, else qform, else the
 * "Analyze" fallback (pixdim scaling only).
 */
export function niftiAffineRas(h: NiftiHeader, { assumeOrientation = false } = {}): [number[], number[], number[]] {
  if (h.sformCode > 0) return [h.srow[0].slice(), h.srow[1].slice(), h.srow[2].slice()];
  // Without an sform the voxel size is pixdim: a zero, NaN, negative or absurdly small one is not a size we may
  // invent (millilitres would be wrong), and a negative one leaves the axis direction ambiguous between readers.
  const sizes = [h.pixdim[1], h.pixdim[2], h.pixdim[3]];
  if (sizes.some((p) => !Number.isFinite(p) || p <= 0 || p < MIN_VOXEL_SIZE_MM)) {
    throw new NiftiFormatError(
      `The NIfTI voxel size (pixdim ${sizes.map((p) => +p.toPrecision(3)).join(' x ')}) is not a usable size in mm; the volume and the patient's sides cannot be trusted.`,
    );
  }
  const [dx, dy, dz] = sizes;
  if (h.qformCode <= 0 && !assumeOrientation) {
    throw new NiftiFormatError(
      "The NIfTI file has no orientation (qform_code and sform_code are 0), so the patient's left and right are unknown; convert it with its orientation, or pass --assume-orientation to read it as RAS.",
    );
  }
  if (h.qformCode > 0) {
    const [b, c, d] = h.quatern;
    const a = Math.sqrt(Math.max(0, 1 - (b * b + c * c + d * d)));
    const qfac = h.pixdim[0] < 0 ? -1 : 1;
    const R = [
      [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
      [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
      [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
    ];
    return [0, 1, 2].map((r) => [R[r][0] * dx, R[r][1] * dy, R[r][2] * dz * qfac, h.qoffset[r]]) as [
      number[],
      number[],
      number[],
    ];
  }
  return [
    [dx, 0, 0, 0],
    [0, dy, 0, 0],
    [0, 0, dz, 0],
  ];
}

/** Geometry of a CtVolume (LPS) from a RAS affine. */
export function geometryFromRasAffine(
  affine: [number[], number[], number[]],
): Pick<CtVolume, 'spacing' | 'direction' | 'origin'> {
  const spacing: [number, number, number] = [0, 0, 0];
  const direction: number[] = [];
  for (let c = 0; c < 3; c++) {
    const col = [-affine[0][c], -affine[1][c], affine[2][c]];
    const norm = Math.hypot(col[0], col[1], col[2]);
    if (!(norm > 0) || !Number.isFinite(norm)) throw new NiftiFormatError('The NIfTI affine is degenerate (zero voxel size).');
    spacing[c] = norm;
    direction.push(col[0] / norm, col[1] / norm, col[2] / norm);
  }
  return { spacing, direction, origin: [-affine[0][3], -affine[1][3], affine[2][3]] };
}

/** The RAS affine (3 rows of 4) equivalent to a CtVolume's LPS geometry. */
export function rasAffineFromGeometry(
  v: Pick<CtVolume, 'spacing' | 'direction' | 'origin'>,
): [number[], number[], number[]] {
  const flip = [-1, -1, 1];
  return [0, 1, 2].map((r) => [
    flip[r] * v.direction[r] * v.spacing[0],
    flip[r] * v.direction[3 + r] * v.spacing[1],
    flip[r] * v.direction[6 + r] * v.spacing[2],
    flip[r] * v.origin[r],
  ]) as [number[], number[], number[]];
}

type VoxelArray = Int16Array | Float32Array;

export interface NiftiReadOptions {
  /** Read a file without qform/sform as RAS instead of refusing it (the caller warns). */
  assumeOrientation?: boolean;
  /** Refuse, from the header alone, images with more voxels than this (before any voxel is read or inflated). */
  maxVoxels?: number;
}

/**
 * How many bytes of the (uncompressed) file the first 3D volume needs, from the header alone; throws when the
 * header describes no 3D volume or one larger than `maxVoxels`. Callers use it to bound reading and inflating.
 */
export function niftiBytesNeeded(header: NiftiHeader, maxVoxels = Infinity): { bytes: number; dims: [number, number, number]; volumes: number } {
  const ndim = header.dim[0];
  if (ndim < 3 || ndim > 7) throw new NiftiFormatError(`The NIfTI image has ${ndim} dimensions; a 3D volume is needed.`);
  const dims: [number, number, number] = [header.dim[1], header.dim[2], header.dim[3]];
  if (dims.some((d) => !Number.isInteger(d) || d < 1)) throw new NiftiFormatError('The NIfTI image has an empty or invalid dimension.');
  const n = dims[0] * dims[1] * dims[2];
  if (n > maxVoxels) {
    throw new NiftiFormatError(`The NIfTI image is too large (${dims.join(' x ')} voxels); at most ${maxVoxels} voxels (${maxVoxels / 512 / 512} slices of 512 x 512) are read.`);
  }
  const volumes = header.dim.slice(4, Math.max(4, ndim + 1)).reduce((product, d) => product * Math.max(1, d), 1);
  const offset = Math.max(header.voxOffset, header.version === 1 ? 352 : 544);
  return { bytes: offset + n * bytesPerVoxel(header.datatype), dims, volumes };
}

/**
 * Decodes the first 3D volume of a NIfTI file into a CtVolume. Values are scaled by scl_slope/scl_inter; the
 * result stays Int16 when the stored values and scaling fit, else Float32. `notes` says what was decided for
 * the user (a 4D file read from its first volume, an orientation assumed).
 */
export function decodeNiftiVolume(bytes: Uint8Array, options: NiftiReadOptions = {}): { volume: CtVolume; header: NiftiHeader; notes: string[] } {
  const header = parseNiftiHeader(bytes);
  const { dims, volumes, bytes: needed } = niftiBytesNeeded(header, options.maxVoxels);
  const n = dims[0] * dims[1] * dims[2];
  const bpv = bytesPerVoxel(header.datatype);
  const offset = Math.max(header.voxOffset, header.version === 1 ? 352 : 544);
  if (bytes.byteLength < needed) throw new NiftiFormatError('The NIfTI voxel data is truncated.');
  const notes: string[] = [];
  if (volumes > 1) notes.push(`The NIfTI file holds ${volumes} volumes (4D); only the first is read.`);
  if (header.sformCode <= 0 && header.qformCode <= 0 && options.assumeOrientation) {
    notes.push("warning: the NIfTI file has no orientation; read as RAS because of --assume-orientation. Check the patient's left and right.");
  }

  // The standard says scl_slope 0 means "no scaling".
  const slope = header.sclSlope !== 0 && Number.isFinite(header.sclSlope) ? header.sclSlope : 1;
  const inter = Number.isFinite(header.sclInter) ? header.sclInter : 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, n * bpv);
  const le = header.littleEndian;
  const read = reader(header.datatype, view, le);

  const integerStored = isIntegerType(header.datatype);
  const integerScaling = Number.isInteger(slope) && Number.isInteger(inter);
  let voxels: VoxelArray;
  if (header.datatype === NIFTI_TYPE.INT16 && le === isHostLittleEndian() && slope === 1 && inter === 0) {
    // The common case (CT stored as int16 HU): one copy, no per-voxel work.
    const out = new Int16Array(n);
    new Uint8Array(out.buffer).set(bytes.subarray(offset, offset + 2 * n));
    voxels = out;
  } else if (integerStored && integerScaling && scaledRangeFitsInt16(read, n, slope, inter)) {
    const out = new Int16Array(n);
    for (let i = 0; i < n; i++) out[i] = read(i) * slope + inter;
    voxels = out;
  } else {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = read(i) * slope + inter;
    voxels = out;
  }
  const geometry = geometryFromRasAffine(niftiAffineRas(header, options));
  return { volume: { voxels, dims, ...geometry }, header, notes };
}

function bytesPerVoxel(datatype: number): number {
  switch (datatype) {
    case NIFTI_TYPE.UINT8:
    case NIFTI_TYPE.INT8:
      return 1;
    case NIFTI_TYPE.INT16:
    case NIFTI_TYPE.UINT16:
      return 2;
    case NIFTI_TYPE.INT32:
    case NIFTI_TYPE.UINT32:
    case NIFTI_TYPE.FLOAT32:
      return 4;
    case NIFTI_TYPE.FLOAT64:
      return 8;
    default:
      throw new NiftiFormatError(`NIfTI datatype ${datatype} is not supported (an integer or float scalar image is needed).`);
  }
}

function isIntegerType(datatype: number): boolean {
  return datatype !== NIFTI_TYPE.FLOAT32 && datatype !== NIFTI_TYPE.FLOAT64;
}

/** Whether every stored value, once scaled, fits Int16 (checked on the data: files often store int16 + inter). */
function scaledRangeFitsInt16(read: (i: number) => number, n: number, slope: number, inter: number): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = read(i);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const a = lo * slope + inter;
  const b = hi * slope + inter;
  return Math.min(a, b) >= -32768 && Math.max(a, b) <= 32767;
}

function reader(datatype: number, view: DataView, le: boolean): (i: number) => number {
  switch (datatype) {
    case NIFTI_TYPE.UINT8:
      return (i) => view.getUint8(i);
    case NIFTI_TYPE.INT8:
      return (i) => view.getInt8(i);
    case NIFTI_TYPE.INT16:
      return (i) => view.getInt16(i * 2, le);
    case NIFTI_TYPE.UINT16:
      return (i) => view.getUint16(i * 2, le);
    case NIFTI_TYPE.INT32:
      return (i) => view.getInt32(i * 4, le);
    case NIFTI_TYPE.UINT32:
      return (i) => view.getUint32(i * 4, le);
    case NIFTI_TYPE.FLOAT32:
      return (i) => view.getFloat32(i * 4, le);
    case NIFTI_TYPE.FLOAT64:
      return (i) => view.getFloat64(i * 8, le);
    default:
      throw new NiftiFormatError(`NIfTI datatype ${datatype} is not supported.`);
  }
}

export type NiftiData = Uint8Array | Int16Array | Float32Array;

function datatypeOf(data: NiftiData): { code: number; bitpix: number } {
  if (data instanceof Uint8Array) return { code: NIFTI_TYPE.UINT8, bitpix: 8 };
  if (data instanceof Int16Array) return { code: NIFTI_TYPE.INT16, bitpix: 16 };
  return { code: NIFTI_TYPE.FLOAT32, bitpix: 32 };
}

/**
 * A NIfTI-1 header (little-endian) for a CtVolume's grid: sform and qform both set to the volume's affine
 * (code 1, scanner anatomical), so any reader places it identically.
 */
export function headerForGeometry(v: Pick<CtVolume, 'dims' | 'spacing' | 'direction' | 'origin'>): NiftiHeader {
  const raw = new Uint8Array(348);
  const view = new DataView(raw.buffer);
  const le = true;
  view.setInt32(0, 348, le);
  raw.set(new TextEncoder().encode('n+1\0'), LAYOUT1.magic);
  const affine = rasAffineFromGeometry(v);
  const { quatern, qfac } = quaternionFromAffine(affine, v.spacing);
  const dim = [3, v.dims[0], v.dims[1], v.dims[2], 1, 1, 1, 1];
  const pixdim = [qfac, v.spacing[0], v.spacing[1], v.spacing[2], 0, 0, 0, 0];
  const h: NiftiHeader = {
    version: 1,
    littleEndian: le,
    dim,
    pixdim,
    datatype: NIFTI_TYPE.INT16,
    bitpix: 16,
    voxOffset: 352,
    sclSlope: 1,
    sclInter: 0,
    qformCode: 1,
    sformCode: 1,
    quatern,
    qoffset: [affine[0][3], affine[1][3], affine[2][3]],
    srow: affine,
    raw,
  };
  dim.forEach((d, i) => view.setInt16(LAYOUT1.dim[0] + 2 * i, d, le));
  pixdim.forEach((p, i) => view.setFloat32(LAYOUT1.pixdim[0] + 4 * i, p, le));
  view.setInt16(LAYOUT1.qformCode[0], 1, le);
  view.setInt16(LAYOUT1.sformCode[0], 1, le);
  [...quatern, ...h.qoffset].forEach((q, i) => view.setFloat32(LAYOUT1.quatern[0] + 4 * i, q, le));
  affine.flat().forEach((s, i) => view.setFloat32(LAYOUT1.srow[0] + 4 * i, s, le));
  raw[123] = 10; // xyzt_units: mm and seconds
  return h;
}

/** Quaternion (b, c, d) and qfac of the rotation part of an affine, per nifti1_io's mat44_to_quatern. */
function quaternionFromAffine(
  affine: [number[], number[], number[]],
  spacing: [number, number, number],
): { quatern: [number, number, number]; qfac: number } {
  const R = [0, 1, 2].map((r) => [affine[r][0] / spacing[0], affine[r][1] / spacing[1], affine[r][2] / spacing[2]]);
  const det =
    R[0][0] * (R[1][1] * R[2][2] - R[1][2] * R[2][1]) -
    R[0][1] * (R[1][0] * R[2][2] - R[1][2] * R[2][0]) +
    R[0][2] * (R[1][0] * R[2][1] - R[1][1] * R[2][0]);
  const qfac = det < 0 ? -1 : 1;
  if (qfac < 0) for (let r = 0; r < 3; r++) R[r][2] = -R[r][2];
  let a = R[0][0] + R[1][1] + R[2][2] + 1;
  let b: number;
  let c: number;
  let d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (R[2][1] - R[1][2])) / a;
    c = (0.25 * (R[0][2] - R[2][0])) / a;
    d = (0.25 * (R[1][0] - R[0][1])) / a;
  } else {
    const xd = 1 + R[0][0] - (R[1][1] + R[2][2]);
    const yd = 1 + R[1][1] - (R[0][0] + R[2][2]);
    const zd = 1 + R[2][2] - (R[0][0] + R[1][1]);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (R[0][1] + R[1][0])) / b;
      d = (0.25 * (R[0][2] + R[2][0])) / b;
      a = (0.25 * (R[2][1] - R[1][2])) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (R[0][1] + R[1][0])) / c;
      d = (0.25 * (R[1][2] + R[2][1])) / c;
      a = (0.25 * (R[0][2] - R[2][0])) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (R[0][2] + R[2][0])) / d;
      c = (0.25 * (R[1][2] + R[2][1])) / d;
      a = (0.25 * (R[1][0] - R[0][1])) / d;
    }
    if (a < 0) [b, c, d] = [-b, -c, -d];
  }
  return { quatern: [b, c, d], qfac };
}

/**
 * Encodes a volume with the grid and affine of `like` (an input file's header, or headerForGeometry): the header
 * bytes are copied and only the data type, scaling, dimensionality and offset are changed, so the output overlays
 * the input exactly in any viewer.
 */
export function encodeNifti(data: NiftiData, like: NiftiHeader, opts: { isLabelmap?: boolean; description?: string } = {}): Uint8Array {
  const L = layoutOf(like.version);
  const n = like.dim[1] * like.dim[2] * like.dim[3];
  if (data.length !== n) throw new Error(`encodeNifti: ${data.length} voxels for a ${like.dim.slice(1, 4).join('x')} grid`);
  const { code, bitpix } = datatypeOf(data);
  const dataOffset = like.version === 1 ? 352 : 544;
  const out = new Uint8Array(dataOffset + data.byteLength);
  out.set(like.raw.subarray(0, L.headerSize));
  const view = new DataView(out.buffer);
  const le = like.littleEndian;

  // A 4D input gives a 3D output: we segment its first volume.
  const dimKind = L.dim[1];
  set(view, L.dim[0], dimKind, le, 3);
  for (let i = 4; i < 8; i++) set(view, L.dim[0] + i * SIZE[dimKind], dimKind, le, 1);
  view.setInt16(L.datatype, code, le);
  view.setInt16(L.bitpix, bitpix, le);
  set(view, L.voxOffset[0], L.voxOffset[1], le, dataOffset);
  set(view, L.sclSlope[0], L.sclSlope[1], le, 1);
  set(view, L.sclInter[0], L.sclInter[1], le, 0);
  if (opts.isLabelmap) {
    let max = 0;
    for (let i = 0; i < data.length; i++) if (data[i] > max) max = data[i];
    set(view, L.calMin[0], L.calMin[1], le, 0);
    set(view, L.calMax[0], L.calMax[1], le, max);
    if (like.version === 1) view.setInt16(L.intentCode, NIFTI_INTENT_LABEL, le);
    else view.setInt32(L.intentCode, NIFTI_INTENT_LABEL, le);
  } else {
    set(view, L.calMin[0], L.calMin[1], le, 0);
    set(view, L.calMax[0], L.calMax[1], le, 0);
  }
  if (opts.description !== undefined) {
    const d = new Uint8Array(80);
    d.set(new TextEncoder().encode(opts.description).subarray(0, 79));
    out.set(d, L.descrip);
  }
  // Extension flag bytes after the header: none (input extensions are dropped, they may describe the input data).
  out.fill(0, L.headerSize, dataOffset);

  const body = new DataView(out.buffer, dataOffset);
  const bytesLe = isHostLittleEndian() === le;
  if (bytesLe) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), dataOffset);
  } else if (data instanceof Int16Array) {
    for (let i = 0; i < n; i++) body.setInt16(2 * i, data[i], le);
  } else if (data instanceof Float32Array) {
    for (let i = 0; i < n; i++) body.setFloat32(4 * i, data[i], le);
  } else {
    out.set(data, dataOffset);
  }
  return out;
}

function isHostLittleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}
