/**
 * The segment and score CLIs against careless and hostile input: outputs that would overwrite the input, NIfTI
 * files without a trustworthy orientation or voxel size, a small .nii.gz that inflates to gigabytes, DICOM files
 * that lie about their size or end early, and score given a CT or a missing file. Each failed before its fix.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createGzip } from 'node:zlib';
import { encodeNifti, headerForGeometry } from '../../../cli/io/nifti-format';
import type { CtVolume } from '../../../extensions/bone-segmentation/src/core/types';
import { ctSliceToPart10, type SeriesInfo, type StudyInfo } from '../../../scripts/sample-study/ctToDicom';

const TSX = resolve('node_modules/.bin/tsx');

function cli(script: string, args: string[]): { status: number | null; stdout: string; stderr: string; peakRssMb: number } {
  // GNU time reports the child's peak resident memory (kB) on its own last stderr line.
  const r = spawnSync('/usr/bin/time', ['-f', 'maxrss_kb=%M', TSX, script, ...args], { encoding: 'utf8' });
  const match = /maxrss_kb=(\d+)\s*$/.exec(r.stderr);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.replace(/(Command exited with non-zero status \d+\n)?maxrss_kb=\d+\s*$/, ''), peakRssMb: match ? Number(match[1]) / 1024 : NaN };
}
const segment = (args: string[]) => cli('cli/segment.ts', args);
const score = (args: string[]) => cli('cli/score.ts', args);

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0];
}

/** A small CT-like volume: a body of soft tissue with a dense rod (not a bone the model knows; the grid is what matters). */
function smallCt(): CtVolume {
  const dims: [number, number, number] = [40, 40, 12];
  const voxels = new Int16Array(40 * 40 * 12).map((_, i) => {
    const x = i % 40;
    const y = Math.floor(i / 40) % 40;
    return Math.hypot(x - 20, y - 20) < 15 ? (Math.hypot(x - 24, y - 20) < 4 ? 1200 : 40) : -1000;
  });
  return { voxels, dims, spacing: [1.5, 1.5, 3], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], origin: [-30, 20, 100] };
}

/** NIfTI-1 bytes with header fields overwritten (offsets from the NIfTI-1 standard). */
function niftiWith(v: CtVolume, edit: (view: DataView) => void): Uint8Array {
  const bytes = encodeNifti(v.voxels as Int16Array, headerForGeometry(v));
  edit(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return bytes;
}
const QFORM_CODE = 252;
const SFORM_CODE = 254;
const PIXDIM = 76;

describe('CLI outputs never replace the input', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-hardening-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses --output or --report equal to the input, or inside the input DICOM folder, and keeps the input', () => {
    const input = join(dir, 'ct.nii');
    writeFileSync(input, encodeNifti(smallCt().voxels as Int16Array, headerForGeometry(smallCt())));
    const before = readFileSync(input);
    for (const args of [
      ['--output', input],
      ['--output', join(dir, '.', 'ct.nii')],
      ['--output', join(dir, 'labels.nii.gz'), '--report', input],
      ['--output', join(dir, 'same.json'), '--report', join(dir, 'same.json')],
    ]) {
      const r = segment(['--input', input, ...args]);
      expect({ args, status: r.status }).toEqual({ args, status: 2 });
      expect(oneLine(r.stderr)).toMatch(/is the input|same path/);
      expect(readFileSync(input).equals(before)).toBe(true);
    }
    const dicom = join(dir, 'dicom');
    mkdirSync(dicom);
    const r = segment(['--input', dicom, '--output', join(dicom, 'labels.nii.gz')]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/inside the input DICOM folder/);
  });

  it('refuses a corrupted or substituted model with one line and writes nothing', () => {
    const input = join(dir, 'ct3.nii');
    writeFileSync(input, encodeNifti(smallCt().voxels as Int16Array, headerForGeometry(smallCt())));
    const model = join(dir, 'model');
    mkdirSync(model);
    const config = JSON.parse(readFileSync('models/bone-coarse/model.json', 'utf8'));
    const onnx = readFileSync(join('models/bone-coarse', config.onnx));
    onnx[onnx.length >> 1] ^= 0xff;
    writeFileSync(join(model, 'model.json'), JSON.stringify(config));
    writeFileSync(join(model, config.onnx), onnx);
    const output = join(dir, 'never.nii.gz');
    const r = segment(['--input', input, '--output', output, '--model', model]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/does not match the sha256 in model.json/);
    expect(existsSync(output)).toBe(false);
  });

  it('checks the output folder before the run, not after it', () => {
    const input = join(dir, 'ct2.nii');
    writeFileSync(input, encodeNifti(smallCt().voxels as Int16Array, headerForGeometry(smallCt())));
    const r = segment(['--input', input, '--output', join(dir, 'no-such-folder', 'labels.nii.gz')]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/does not exist/);
    expect(r.stdout).toBe('');
  });
});

describe('CLI refuses geometry it cannot trust', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-geometry-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a NIfTI without orientation (left and right unknown) unless --assume-orientation, and warns then', () => {
    const input = join(dir, 'no-orientation.nii');
    writeFileSync(input, niftiWith(smallCt(), (view) => {
      view.setInt16(QFORM_CODE, 0, true);
      view.setInt16(SFORM_CODE, 0, true);
    }));
    const refused = segment(['--input', input, '--output', join(dir, 'a.nii.gz')]);
    expect(refused.status).toBe(2);
    expect(oneLine(refused.stderr)).toMatch(/no orientation.*left and right are unknown.*--assume-orientation/);
    const assumed = segment(['--input', input, '--output', join(dir, 'a.nii.gz'), '--assume-orientation']);
    expect(assumed.status).toBe(0);
    expect(assumed.stderr).toMatch(/^warning: the NIfTI file has no orientation/m);
  }, 120_000);

  it.each([
    ['negative', -1.5],
    ['zero', 0],
    ['NaN', NaN],
    ['1e-30 mm', 1e-30],
  ])('refuses a %s voxel size instead of calling it 1 mm', (_name, size) => {
    const input = join(dir, 'bad-pixdim.nii');
    writeFileSync(input, niftiWith(smallCt(), (view) => {
      view.setInt16(SFORM_CODE, 0, true);
      view.setFloat32(PIXDIM + 4 * 2, size, true);
    }));
    const r = segment(['--input', input, '--output', join(dir, 'b.nii.gz')]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/voxel size/);
  });

  it('refuses an sform with a voxel size of 1e-30 mm', () => {
    const v = { ...smallCt(), spacing: [1e-30, 1.5, 3] as [number, number, number] };
    const input = join(dir, 'tiny.nii');
    writeFileSync(input, encodeNifti(v.voxels as Int16Array, headerForGeometry(v)));
    const r = segment(['--input', input, '--output', join(dir, 'c.nii.gz')]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/spacing|voxel size/);
  });

  it('says when a 4D NIfTI is read from its first volume', () => {
    const v = smallCt();
    const two = new Int16Array(v.voxels.length * 2);
    two.set(v.voxels as Int16Array);
    const bytes = encodeNifti(two.subarray(0, v.voxels.length), headerForGeometry(v));
    const header = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    header.setInt16(40, 4, true);
    header.setInt16(40 + 8, 2, true);
    const input = join(dir, 'fourd.nii');
    writeFileSync(input, Buffer.concat([Buffer.from(bytes), Buffer.from(two.buffer, v.voxels.length * 2)]));
    const r = segment(['--input', input, '--output', join(dir, 'd.nii.gz')]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/holds 2 volumes \(4D\); only the first is read/);
  }, 120_000);
});

describe('CLI memory stays bounded on hostile sizes', () => {
  let dir: string;
  let bomb: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cli-bomb-'));
    // 1024 x 1024 x 600 int16 of zeros: 1.2 GiB inflated from about 1.2 MB.
    const v: CtVolume = { voxels: new Int16Array(0), dims: [1024, 1024, 600], spacing: [0.5, 0.5, 1], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], origin: [0, 0, 0] };
    const header = Buffer.from(encodeNifti(new Int16Array(16), headerForGeometry({ ...v, dims: [4, 4, 1] })).subarray(0, 352));
    header.writeInt16LE(1024, 42);
    header.writeInt16LE(1024, 44);
    header.writeInt16LE(600, 46);
    bomb = join(dir, 'bomb.nii.gz');
    const gzip = createGzip({ level: 1 });
    const out = createWriteStream(bomb);
    gzip.pipe(out);
    gzip.write(header);
    const zeros = Buffer.alloc(16 * 1024 * 1024);
    for (let written = 0; written < 1024 * 1024 * 600 * 2; written += zeros.length) {
      if (!gzip.write(zeros)) await new Promise<void>((r) => gzip.once('drain', () => r()));
    }
    gzip.end();
    await new Promise<void>((r) => out.on('close', () => r()));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a .nii.gz bomb from its header, in segment and in score, without inflating it', () => {
    const s = segment(['--input', bomb, '--output', join(dir, 'x.nii.gz')]);
    expect(s.status).toBe(2);
    expect(oneLine(s.stderr)).toMatch(/too large/);
    expect(s.peakRssMb).toBeLessThan(400);
    const sc = score(['--pred', bomb, '--ref', bomb]);
    expect(sc.status).toBe(2);
    expect(oneLine(sc.stderr)).toMatch(/too large/);
    expect(sc.peakRssMb).toBeLessThan(400);
  }, 120_000);

  it('refuses DICOM slices of 65535 x 65535 pixels and slices cut inside their pixel data with exit 2', () => {
    const study: StudyInfo = { studyInstanceUid: '1.2.826.0.1.3680043.9.1', frameOfReferenceUid: '1.2.826.0.1.3680043.9.2', patientName: 'SYNTHETIC^Cli', patientId: 'S', studyDescription: 'S', studyDate: '20240101', studyTime: '101010' };
    const series: SeriesInfo = { seriesInstanceUid: '1.2.826.0.1.3680043.9.3', seriesNumber: 1, seriesDescription: 'S', bodyPartExamined: 'LEG' };
    const v = smallCt();
    const truncated = join(dir, 'truncated');
    mkdirSync(truncated);
    for (let k = 0; k < 12; k++) {
      const part10 = ctSliceToPart10(v, k, study, series);
      writeFileSync(join(truncated, `${k}.dcm`), k === 6 ? part10.subarray(0, part10.length - 300) : part10);
    }
    const cut = segment(['--input', truncated, '--output', join(dir, 't.nii.gz')]);
    expect(cut.status).toBe(2);
    expect(oneLine(cut.stderr)).toMatch(/6\.dcm: the pixel data is truncated/);

    const huge = join(dir, 'huge');
    mkdirSync(huge);
    const part10 = Buffer.from(ctSliceToPart10(v, 0, study, series));
    // Rows (0028,0010) and Columns (0028,0011), explicit VR US: tag, "US", length 2, value.
    for (const tag of [Buffer.from([0x28, 0x00, 0x10, 0x00, 0x55, 0x53, 0x02, 0x00]), Buffer.from([0x28, 0x00, 0x11, 0x00, 0x55, 0x53, 0x02, 0x00])]) {
      const at = part10.indexOf(tag);
      expect(at).toBeGreaterThan(0);
      part10.writeUInt16LE(65535, at + 8);
    }
    writeFileSync(join(huge, '0.dcm'), part10);
    const big = segment(['--input', huge, '--output', join(dir, 'h.nii.gz')]);
    expect(big.status).toBe(2);
    expect(oneLine(big.stderr)).toMatch(/65535 x 65535/);
  }, 120_000);
});

describe('score refuses what is not a pair of labelmaps', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-score-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 2 with one line for a missing file and for a CT given as a labelmap', () => {
    const ct = join(dir, 'ct.nii');
    writeFileSync(ct, encodeNifti(smallCt().voxels as Int16Array, headerForGeometry(smallCt())));
    const missing = score(['--pred', join(dir, 'nope.nii.gz'), '--ref', ct]);
    expect(missing.status).toBe(2);
    expect(oneLine(missing.stderr)).toMatch(/no such file/);
    const labels = join(dir, 'labels.nii');
    const v = smallCt();
    writeFileSync(labels, encodeNifti(Uint8Array.from(v.voxels, (x) => (x > 1000 ? 1 : 0)), headerForGeometry(v), { isLabelmap: true }));
    const notLabels = score(['--pred', ct, '--ref', labels]);
    expect(notLabels.status).toBe(2);
    expect(oneLine(notLabels.stderr)).toMatch(/is not a bone labelmap/);
    const fine = score(['--pred', labels, '--ref', labels]);
    expect(fine.status).toBe(0);
  });
});
