/**
 * The segment CLI as a user runs it: a labelmap on the input's exact grid and affine, a report, and one line with a
 * non-zero exit status for bad input. Uses the project's model in models/bone-coarse.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { encodeNifti, headerForGeometry, parseNiftiHeader } from '../../../cli/io/nifti-format';
import type { CtVolume } from '../../../extensions/bone-segmentation/src/core/types';

const TSX = resolve('node_modules/.bin/tsx');

function segment(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(TSX, ['cli/segment.ts', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run segment', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'segment-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes labels on the exact grid and affine of the input, and a report', () => {
    const dims: [number, number, number] = [48, 40, 12];
    const c = Math.cos(0.05);
    const s = Math.sin(0.05);
    const voxels = new Int16Array(48 * 40 * 12).map((_, i) => {
      const x = i % 48;
      const y = Math.floor(i / 48) % 40;
      return Math.hypot(x - 24, y - 20) < 15 ? (Math.hypot(x - 30, y - 20) < 4 ? 1200 : 40) : -1000;
    });
    const v: CtVolume = { voxels, dims, spacing: [1.5, 1.5, 3], direction: [c, s, 0, -s, c, 0, 0, 0, 1], origin: [-30, 20, 100] };
    const input = join(dir, 'in.nii');
    writeFileSync(input, encodeNifti(voxels, headerForGeometry(v)));
    const output = join(dir, 'labels.nii.gz');
    const report = join(dir, 'report.json');
    const r = segment(['--input', input, '--output', output, '--report', report]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const inH = parseNiftiHeader(new Uint8Array(readFileSync(input)));
    const outH = parseNiftiHeader(new Uint8Array(gunzipSync(readFileSync(output))));
    expect(outH.dim.slice(0, 4)).toEqual(inH.dim.slice(0, 4));
    expect(outH.srow).toEqual(inH.srow);
    expect(outH.quatern).toEqual(inH.quatern);
    expect(outH.qoffset).toEqual(inH.qoffset);
    expect(outH.datatype).toBe(2);
    const rep = JSON.parse(readFileSync(report, 'utf8'));
    expect(rep.labels).toHaveLength(11);
    expect(rep.stages.map((st: { stage: string }) => st.stage)).toEqual(
      expect.arrayContaining(['read input', 'inference', 'refine', 'write output']),
    );
    expect(rep.peakRssMb).toBeGreaterThan(0);
  }, 120_000);

  it('exits non-zero with one line for input it cannot use', () => {
    const missing = segment(['--input', join(dir, 'nope.nii.gz'), '--output', join(dir, 'x.nii.gz')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);

    const garbage = join(dir, 'garbage.nii');
    writeFileSync(garbage, 'this is not an image');
    const bad = segment(['--input', garbage, '--output', join(dir, 'x.nii.gz')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/not NIfTI/);

    // Too few slices.
    const dims: [number, number, number] = [32, 32, 5];
    const thin: CtVolume = { voxels: new Int16Array(32 * 32 * 5).map((_, i) => (i % 2 ? 40 : -1000)), dims, spacing: [1, 1, 1], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], origin: [0, 0, 0] };
    const thinPath = join(dir, 'thin.nii');
    writeFileSync(thinPath, encodeNifti(thin.voxels as Int16Array, headerForGeometry(thin)));
    const few = segment(['--input', thinPath, '--output', join(dir, 'x.nii.gz')]);
    expect(few.status).toBe(2);
    expect(few.stderr.trim()).toBe('error: The series has 5 slices; at least 10 are needed.');
  }, 120_000);
});
