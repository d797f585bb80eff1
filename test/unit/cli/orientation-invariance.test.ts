/**
 * The same CT stored in another voxel order must give the same labels: LPS instead of RAS storage (rows and
 * columns reversed), and reversed slice order. The sample pelvis is re-stored with the patient geometry unchanged
 * (direction and origin follow the reversed axes), segmented by `npm run segment` in its own process, and its labels
 * mapped back to the original voxel order. At most 0.5 % of the labelled voxels may differ (issue: 16 % did, because
 * the coarse grid was anchored at the first stored voxel, so each storage order gave the network other voxels).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { headerForGeometry, readNifti, writeNifti } from '../../../cli/io/nifti';
import type { CtVolume } from '../../../extensions/bone-segmentation/src/core/types';

const MAX_DIFFERENT_FRACTION = 0.005;

/** The same voxels stored with the given grid axes reversed; patient geometry unchanged. */
function restored(v: CtVolume, reverse: [boolean, boolean, boolean]): CtVolume {
  const [nx, ny, nz] = v.dims;
  const voxels = new (v.voxels.constructor as new (n: number) => Int16Array | Float32Array)(v.voxels.length);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const sx = reverse[0] ? nx - 1 - x : x;
        const sy = reverse[1] ? ny - 1 - y : y;
        const sz = reverse[2] ? nz - 1 - z : z;
        voxels[z * nx * ny + y * nx + x] = v.voxels[sz * nx * ny + sy * nx + sx];
      }
  const direction = v.direction.slice();
  const origin = v.origin.slice() as [number, number, number];
  for (let a = 0; a < 3; a++)
    if (reverse[a]) {
      for (let c = 0; c < 3; c++) {
        origin[c] += (v.dims[a] - 1) * v.spacing[a] * v.direction[3 * a + c];
        direction[3 * a + c] = -v.direction[3 * a + c];
      }
    }
  return { ...v, voxels, direction, origin };
}

/** Labels of a re-stored volume put back into the original voxel order (reversal is its own inverse). */
function backToOriginalOrder(labels: Uint8Array, dims: [number, number, number], reverse: [boolean, boolean, boolean]): Uint8Array {
  const fake = { voxels: Float32Array.from(labels), dims, spacing: [1, 1, 1], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], origin: [0, 0, 0] } as CtVolume;
  return Uint8Array.from(restored(fake, reverse).voxels);
}

async function segment(volume: CtVolume, dir: string, name: string): Promise<Uint8Array> {
  const input = join(dir, `${name}.nii.gz`);
  const output = join(dir, `${name}_labels.nii.gz`);
  await writeNifti(input, volume.voxels, headerForGeometry(volume));
  const r = spawnSync(resolve('node_modules/.bin/tsx'), ['cli/segment.ts', '--input', input, '--output', output], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return Uint8Array.from((await readNifti(output)).volume.voxels);
}

describe('storage order', () => {
  it('gives the same labels for LPS, RAS and reversed-slice storage of one CT (at most 0.5 % of labelled voxels differ)', async () => {
    const { volume } = await readNifti(resolve('sample-data', 'synthetic-patient-pelvis.nii.gz'));
    const dir = mkdtempSync(join(tmpdir(), 'orientation-'));
    try {
      const reference = await segment(volume, dir, 'as-stored');
      const labelled = reference.reduce((n, l) => n + (l ? 1 : 0), 0);
      expect(labelled).toBeGreaterThan(100_000);
      const variants: Array<[string, [boolean, boolean, boolean]]> = [
        ['rows and columns reversed (the other of LPS / RAS)', [true, true, false]],
        ['slices reversed', [false, false, true]],
      ];
      for (const [what, reverse] of variants) {
        const labels = backToOriginalOrder(await segment(restored(volume, reverse), dir, what.replace(/\W+/g, '-')), volume.dims, reverse);
        let differ = 0;
        let union = 0;
        for (let i = 0; i < labels.length; i++) {
          if (labels[i] || reference[i]) union++;
          if (labels[i] !== reference[i]) differ++;
        }
        const fraction = +(differ / union).toFixed(4);
        expect({ what, fraction, ok: fraction <= MAX_DIFFERENT_FRACTION }).toEqual({ what, fraction, ok: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
