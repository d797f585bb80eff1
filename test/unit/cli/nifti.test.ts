import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  NIFTI_TYPE,
  decodeNiftiVolume,
  encodeNifti,
  headerForGeometry,
  niftiAffineRas,
  parseNiftiHeader,
} from '../../../cli/io/nifti-format';
import { readNifti, writeNifti } from '../../../cli/io/nifti';
import type { CtVolume } from '../../../extensions/bone-segmentation/src/core/types';

function ramp(dims: [number, number, number]): Int16Array {
  const a = new Int16Array(dims[0] * dims[1] * dims[2]);
  for (let i = 0; i < a.length; i++) a[i] = ((i * 37) % 3000) - 1000;
  return a;
}

function rotation(axis: [number, number, number], angle: number): number[] {
  const [x, y, z] = axis.map((v) => v / Math.hypot(...axis));
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const t = 1 - c;
  // Columns of the rotation matrix, flattened as CtVolume.direction (axis i, axis j, axis k).
  const m = [
    [t * x * x + c, t * x * y - s * z, t * x * z + s * y],
    [t * x * y + s * z, t * y * y + c, t * y * z - s * x],
    [t * x * z - s * y, t * y * z + s * x, t * z * z + c],
  ];
  return [m[0][0], m[1][0], m[2][0], m[0][1], m[1][1], m[2][1], m[0][2], m[1][2], m[2][2]];
}

function expectGeometryClose(a: Pick<CtVolume, 'spacing' | 'direction' | 'origin'>, b: typeof a): void {
  a.spacing.forEach((v, i) => expect(v).toBeCloseTo(b.spacing[i], 4));
  a.direction.forEach((v, i) => expect(v).toBeCloseTo(b.direction[i], 5));
  a.origin.forEach((v, i) => expect(v).toBeCloseTo(b.origin[i], 3));
}

function withSformCode(bytes: Uint8Array, code: number): Uint8Array {
  const copy = bytes.slice();
  new DataView(copy.buffer).setInt16(254, code, true);
  return copy;
}

describe('NIfTI format', () => {
  const dims: [number, number, number] = [5, 4, 3];

  it('round-trips an int16 volume with an LPS-aligned grid', () => {
    const volume: CtVolume = {
      voxels: ramp(dims),
      dims,
      spacing: [0.8, 0.9, 2.5],
      direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
      origin: [-100, 50, 300],
    };
    const bytes = encodeNifti(volume.voxels as Int16Array, headerForGeometry(volume));
    const { volume: back, header } = decodeNiftiVolume(bytes);
    expect(header.datatype).toBe(NIFTI_TYPE.INT16);
    expect(back.voxels).toBeInstanceOf(Int16Array);
    expect(Array.from(back.voxels)).toEqual(Array.from(volume.voxels));
    expect(back.dims).toEqual(dims);
    expectGeometryClose(back, volume);
    // LPS identity is RAS diag(-1, -1, 1): NIfTI stores the RAS affine.
    const aff = niftiAffineRas(header);
    expect(aff[0][0]).toBeCloseTo(-0.8);
    expect(aff[1][1]).toBeCloseTo(-0.9);
    expect(aff[2][2]).toBeCloseTo(2.5);
    expect(aff[0][3]).toBeCloseTo(100);
    expect(aff[1][3]).toBeCloseTo(-50);
  });

  it('reads the same geometry from the qform as from the sform (oblique, and left-handed grids)', () => {
    const rot = rotation([0.3, -0.5, 1], 0.4);
    const leftHanded = rot.slice(0, 6).concat(rot.slice(6).map((v) => -v));
    for (const direction of [rot, leftHanded]) {
      const volume: CtVolume = { voxels: ramp(dims), dims, spacing: [0.7, 0.7, 3], direction, origin: [12, -40, 7] };
      const bytes = encodeNifti(volume.voxels as Int16Array, headerForGeometry(volume));
      expectGeometryClose(decodeNiftiVolume(bytes).volume, volume);
      expectGeometryClose(decodeNiftiVolume(withSformCode(bytes, 0)).volume, volume);
    }
  });

  it('applies scl_slope and scl_inter, switching to float32 when the result is not integer', () => {
    const volume: CtVolume = { voxels: ramp(dims), dims, spacing: [1, 1, 1], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], origin: [0, 0, 0] };
    const setScale = (slope: number, inter: number): Uint8Array => {
      const bytes = encodeNifti(volume.voxels as Int16Array, headerForGeometry(volume));
      const v = new DataView(bytes.buffer);
      v.setFloat32(112, slope, true);
      v.setFloat32(116, inter, true);
      return bytes;
    };
    const intScaled = decodeNiftiVolume(setScale(1, -1024)).volume;
    expect(intScaled.voxels).toBeInstanceOf(Int16Array);
    expect(intScaled.voxels[7]).toBe(volume.voxels[7] - 1024);
    const floatScaled = decodeNiftiVolume(setScale(0.5, 0.25)).volume;
    expect(floatScaled.voxels).toBeInstanceOf(Float32Array);
    expect(floatScaled.voxels[7]).toBeCloseTo(volume.voxels[7] * 0.5 + 0.25);
    // scl_slope 0 means unscaled.
    expect(decodeNiftiVolume(setScale(0, 0)).volume.voxels[7]).toBe(volume.voxels[7]);
  });

  it('writes a labelmap on the exact grid of an input, keeping its sform and qform bytes', () => {
    const volume: CtVolume = {
      voxels: ramp(dims),
      dims,
      spacing: [0.8, 0.8, 1.25],
      direction: rotation([1, 1, 0], 0.1),
      origin: [1.5, 2.5, -3.5],
    };
    const input = parseNiftiHeader(encodeNifti(volume.voxels as Int16Array, headerForGeometry(volume)));
    const labels = new Uint8Array(dims[0] * dims[1] * dims[2]).map((_, i) => i % 12);
    const out = encodeNifti(labels, input, { isLabelmap: true });
    const h = parseNiftiHeader(out);
    expect(h.datatype).toBe(NIFTI_TYPE.UINT8);
    expect(h.bitpix).toBe(8);
    expect(h.srow).toEqual(input.srow);
    expect(h.quatern).toEqual(input.quatern);
    expect(h.qoffset).toEqual(input.qoffset);
    expect(h.pixdim).toEqual(input.pixdim);
    expect(Array.from(out.subarray(352))).toEqual(Array.from(labels));
  });

  it('reads a NIfTI-2 header', () => {
    const bytes = new Uint8Array(544 + 2 * 8);
    const v = new DataView(bytes.buffer);
    v.setInt32(0, 540, true);
    bytes.set(new TextEncoder().encode('n+2\0\r\n\x1a\n'), 4);
    v.setInt16(12, NIFTI_TYPE.INT16, true);
    v.setInt16(14, 16, true);
    [3, 2, 2, 2, 1, 1, 1, 1].forEach((d, i) => v.setBigInt64(16 + 8 * i, BigInt(d), true));
    [1, 2, 2, 2, 0, 0, 0, 0].forEach((p, i) => v.setFloat64(104 + 8 * i, p, true));
    v.setBigInt64(168, 544n, true);
    v.setFloat64(176, 1, true);
    v.setInt32(348, 2, true); // sform_code
    // RAS identity scaled by 2: LPS direction (-1, -1, 1) per axis.
    [2, 0, 0, 10, 0, 2, 0, 20, 0, 0, 2, 30].forEach((s, i) => v.setFloat64(400 + 8 * i, s, true));
    for (let i = 0; i < 8; i++) v.setInt16(544 + 2 * i, i * 100, true);
    const { volume } = decodeNiftiVolume(bytes);
    expect(volume.dims).toEqual([2, 2, 2]);
    expect(volume.spacing).toEqual([2, 2, 2]);
    expect(volume.direction).toEqual([-1, -0, 0, -0, -1, 0, -0, -0, 1]);
    expect(volume.origin).toEqual([-10, -20, 30]);
    expect(Array.from(volume.voxels)).toEqual([0, 100, 200, 300, 400, 500, 600, 700]);
  });

  it('rejects bytes that are not NIfTI with one clear sentence', () => {
    expect(() => decodeNiftiVolume(new Uint8Array(400))).toThrow(/is not NIfTI/);
  });
});

describe('NIfTI files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nifti-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes and reads .nii.gz and .nii', async () => {
    const dims: [number, number, number] = [6, 5, 4];
    const volume: CtVolume = { voxels: ramp(dims), dims, spacing: [1, 2, 3], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], origin: [4, 5, 6] };
    for (const name of ['a.nii.gz', 'a.nii']) {
      const path = join(dir, name);
      await writeNifti(path, volume.voxels as Int16Array, headerForGeometry(volume));
      const back = await readNifti(path);
      expect(Array.from(back.volume.voxels)).toEqual(Array.from(volume.voxels));
      expectGeometryClose(back.volume, volume);
    }
  });
});
