/**
 * The benchmark's clinical-size CT: a volume resampled (trilinear) to a given matrix over the same field of view.
 * The README's speed figures use the sample pelvis at 512 x 512 x 300:
 *   npx tsx cli/bench/make-bench-input.ts --output /tmp/bench512_ct.nii.gz
 *   [--input sample-data/synthetic-patient-pelvis.nii.gz] [--dims 512,512,300]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { upsampleTrilinear } from '../../extensions/bone-segmentation/src/core/resample';
import type { CtVolume } from '../../extensions/bone-segmentation/src/core/types';
import { headerForGeometry, readNifti, writeNifti } from '../io/nifti';
import { exitWithError, UsageError } from '../one-line-error';

const USAGE = 'usage: npx tsx cli/bench/make-bench-input.ts --output <ct.nii.gz> [--input <ct.nii.gz>] [--dims 512,512,300]';

/** Trilinear resampling of `v` to `dims` voxels spanning the same extent (voxel edges aligned, as the core's grids). */
function resampleToMatrix(v: CtVolume, dims: [number, number, number]): CtVolume {
  const spacing = v.spacing.map((s, a) => (s * v.dims[a]) / dims[a]) as [number, number, number];
  const values = upsampleTrilinear(Float32Array.from(v.voxels), v.dims, dims, spacing, v.spacing);
  const out = new Int16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.round(values[i]);
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
