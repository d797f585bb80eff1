/**
 * tsx cli/refinement-ceiling.ts --cases <folder>... [--spacing 3] [--perturb none|erode|dilate]
 * How good the native-resolution post-processing is on its own: every case's reference labels are block-voted to the
 * model grid (what a perfect coarse network would answer), optionally eroded or dilated by one coarse voxel (an
 * under- or over-segmenting network), run through the core's post-processing (sides, refinement, hole filling,
 * fragments) and scored against the reference. Separates network errors from post-processing errors.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LABELS } from '../extensions/bone-segmentation/src/core/label-table';
import type { ModelConfig } from '../extensions/bone-segmentation/src/core/model-config';
import { gridToLps, type Dims } from '../extensions/bone-segmentation/src/core/orientation';
import { axisFilter, resampleVolume, type AxisFilter } from '../extensions/bone-segmentation/src/core/resample';
import { postprocessToNative, resampleToModelGrid } from '../extensions/bone-segmentation/src/core/segment';
import { readNifti } from './io/nifti';
import { scoreLabel } from './metrics/overlap';
import { exitWithError, UsageError } from './one-line-error';

const CLASSES = ['background', 'femur', 'tibia', 'fibula', 'patella', 'hip', 'sacrum'];

/** One coarse-voxel erosion (dilation) of every class, 6-neighbourhood. */
function perturb(cls: Uint8Array, dims: Dims, mode: 'erode' | 'dilate'): void {
  const [nx, ny, nz] = dims;
  const src = cls.slice();
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const p = x + y * nx + z * nx * ny;
        const nb = [x > 0 ? p - 1 : p, x < nx - 1 ? p + 1 : p, y > 0 ? p - nx : p, y < ny - 1 ? p + nx : p, z > 0 ? p - nx * ny : p, z < nz - 1 ? p + nx * ny : p];
        if (mode === 'erode' && src[p] && nb.some((q) => src[q] !== src[p])) cls[p] = 0;
        if (mode === 'dilate' && !src[p]) {
          const q = nb.find((n) => src[n] !== 0);
          if (q !== undefined) cls[p] = src[q];
        }
      }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { cases: { type: 'string', multiple: true }, spacing: { type: 'string', default: '3' }, perturb: { type: 'string', default: 'none' } },
  });
  if (!values.cases?.length) throw new UsageError('usage: tsx cli/refinement-ceiling.ts --cases <folder>... [--spacing 3] [--perturb none|erode|dilate]');
  const sp = Number(values.spacing);
  const config: ModelConfig = {
    onnx: '',
    spacing: [sp, sp, sp],
    classes: CLASSES,
    normalization: { clip: [-1024, 2048], center: 0, scale: 1 },
    padValueHu: -1024,
    sizeMultiple: 16,
    maxInputShape: [256, 256, 256],
    windowOverlap: 0.25,
  };
  for (const dir of values.cases) {
    const files = await readdir(dir);
    for (const f of files.filter((x) => x.endsWith('_labels.nii.gz')).sort()) {
      const name = f.replace(/_labels\.nii\.gz$/, '');
      const ctFile = files.includes(`${name}_ct.nii.gz`) ? `${name}_ct.nii.gz` : `${name}.nii.gz`;
      if (!files.includes(ctFile)) continue;
      const { volume } = await readNifti(join(dir, ctFile));
      const truth = Uint8Array.from((await readNifti(join(dir, f))).volume.voxels);
      const coarse = resampleToModelGrid(volume, config);
      const filters = [0, 1, 2].map((a) => axisFilter(volume.dims[a], volume.spacing[a], coarse.gridSpacing[a])) as [AxisFilter, AxisFilter, AxisFilter];
      // Block vote: the class holding at least half of a coarse voxel.
      const cls = new Uint8Array(coarse.hu.length);
      const best = new Float32Array(coarse.hu.length);
      const indicator = new Float32Array(truth.length);
      for (let c = 1; c < CLASSES.length; c++) {
        const values_ = LABELS.filter((l) => l.bone === CLASSES[c]).map((l) => l.value);
        for (let i = 0; i < truth.length; i++) indicator[i] = values_.includes(truth[i]) ? 1 : 0;
        const frac = gridToLps(resampleVolume(indicator, volume.dims, filters), coarse.gridDims, coarse.map);
        for (let i = 0; i < frac.length; i++)
          if (frac[i] >= 0.5 && frac[i] > best[i]) {
            best[i] = frac[i];
            cls[i] = c;
          }
      }
      if (values.perturb === 'erode' || values.perturb === 'dilate') perturb(cls, coarse.lpsDims, values.perturb);
      const { labels } = postprocessToNative(volume, coarse, { classMap: cls, boneProbability: new Float32Array(cls.length).map((_, i) => (cls[i] ? 1 : 0)) }, config);
      for (const l of LABELS) {
        if (l.value === 0) continue;
        const s = scoreLabel(labels, truth, volume.dims, volume.spacing, l.value);
        if (!s.refVoxels && !s.predVoxels) continue;
        process.stdout.write(
          `| ${name} | ${l.name} | ${s.dice === null ? '-' : s.dice.toFixed(4)} | ${s.hd95Mm === null ? '-' : s.hd95Mm.toFixed(2)} | ${s.msdMm === null ? '-' : s.msdMm.toFixed(2)} |\n`,
        );
      }
    }
  }
}

main().catch(exitWithError);
