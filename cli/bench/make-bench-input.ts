/**
 * The benchmark's clinical-size CT: a volume resampled (trilinear) to a given matrix over the same field of view.
 * The README's speed figures use the sample pelvis at 512 x 512 x 300:
 *   npx tsx cli/bench/make-bench-input.ts --output /tmp/bench512_ct.nii.gz
 *   [--input sample-data/synthetic-patient-pelvis.nii.gz] [--dims 512,512,300]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CtVolume } from '../../extensions/bone-segmentation/src/core/types';
import { headerForGeometry, readNifti, writeNifti } from '../io/nifti';
import { exitWithError, UsageError } from '../one-line-error';

const USAGE = 'usage: npx tsx cli/bench/make-bench-input.ts --output <ct.nii.gz> [--input <ct.nii.gz>] [--dims 512,512,300]';

/** Trilinear resampling of `v` to `dims` voxels spanning the same extent (voxel edges aligned). */
function resampleToMatrix(v: CtVolume, dims: [number, number, number]): CtVolume {
  const spacing = v.spacing.map((s, a) => (s * v.dims[a]) / dims[a]) as [number, number, number];
  // Source continuous index of destination index d along axis a (edge-aligned grids).
  const map = (a: number, d: number): number => Math.min(Math.max((d + 0.5) * (v.dims[a] / dims[a]) - 0.5, 0), v.dims[a] - 1);
  const taps = (a: number): Array<[number, number, number]> =>
    Array.from({ length: dims[a] }, (_, d) => {
      const x = map(a, d);
      const i0 = Math.floor(x);
      return [i0, Math.min(i0 + 1, v.dims[a] - 1), x - i0];
    });
  const [tx, ty, tz] = [taps(0), taps(1), taps(2)];
  const [nx, ny] = v.dims;
  const src = v.voxels;
  const out = new Int16Array(dims[0] * dims[1] * dims[2]);
  let o = 0;
  for (const [z0, z1, fz] of tz)
    for (const [y0, y1, fy] of ty) {
      const r00 = (z0 * ny + y0) * nx;
      const r01 = (z0 * ny + y1) * nx;
      const r10 = (z1 * ny + y0) * nx;
      const r11 = (z1 * ny + y1) * nx;
      for (const [x0, x1, fx] of tx) {
        const lerp = (r: number): number => src[r + x0] + fx * (src[r + x1] - src[r + x0]);
        const a = lerp(r00) + fy * (lerp(r01) - lerp(r00));
        const b = lerp(r10) + fy * (lerp(r11) - lerp(r10));
        out[o++] = Math.round(a + fz * (b - a));
      }
    }
  // The centre of the new voxel 0 lies half a new voxel inside the old field of view's corner.
  const shift = [0, 1, 2].map((a) => 0.5 * (spacing[a] - v.spacing[a]));
  const origin = [0, 1, 2].map((c) => v.origin[c] + shift.reduce((sum, s, a) => sum + s * v.direction[3 * a + c], 0)) as [number, number, number];
  return { voxels: out, dims, spacing, direction: v.direction, origin };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { input: { type: 'string' }, output: { type: 'string' }, dims: { type: 'string' } } });
  if (!values.output) throw new UsageError(USAGE);
  const input = values.input ?? path.join(__dirname, '..', '..', 'sample-data', 'synthetic-patient-pelvis.nii.gz');
  const dims = (values.dims ?? '512,512,300').split(',').map(Number);
  if (dims.length !== 3 || dims.some((d) => !Number.isInteger(d) || d < 2)) throw new UsageError(USAGE);
  const { volume } = await readNifti(input);
  const out = resampleToMatrix(volume, dims as [number, number, number]);
  await writeNifti(values.output, out.voxels, headerForGeometry(out), { description: 'SYNTHETIC CT (HU), bench resample' });
  console.log(`${values.output}: ${out.dims.join('x')} voxels of ${out.spacing.map((s) => s.toFixed(3)).join('x')} mm`);
}

main().catch(exitWithError);
