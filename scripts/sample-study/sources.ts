import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CtVolume } from '../../extensions/bone-segmentation/src/core/types';
import { readNifti } from '../../cli/io/nifti';
import { proceduralThighsCt } from './proceduralCt';

/** The realistic synthetic patient produced by the model work: one CT NIfTI per series (e.g. pelvis, knees). */
export const SAMPLE_NIFTI_PATTERN = /^synthetic-patient-.*\.nii(\.gz)?$/;
/** Reference labelmaps beside the CTs (synthetic-patient-knees_labels.nii.gz) are not images to serve. */
export const LABELS_NIFTI_PATTERN = /[_-]labels?\.nii(\.gz)?$/;

export interface SampleSeriesSource {
  /** File stem such as "synthetic-patient-knees"; names the series. */
  name: string;
  /** Where the volume came from, for the study description and the log. */
  origin: string;
  /** Changes whenever the voxels do, so regenerated content never reuses the UIDs of different images. */
  fingerprint: string;
  load(): Promise<CtVolume>;
}

/** Series numbers follow the body from head to foot: pelvis/hips before knees before anything else. */
function headToFootRank(name: string): number {
  if (/pelvis|hip/i.test(name)) return 0;
  if (/knee/i.test(name)) return 1;
  return 2;
}

export function sampleNiftiFiles(sampleDataDir: string): string[] {
  if (!fs.existsSync(sampleDataDir)) return [];
  return fs
    .readdirSync(sampleDataDir)
    .filter((name) => SAMPLE_NIFTI_PATTERN.test(name) && !LABELS_NIFTI_PATTERN.test(name))
    .sort((a, b) => headToFootRank(a) - headToFootRank(b) || a.localeCompare(b))
    .map((name) => path.join(sampleDataDir, name));
}

/** The sample's series: the project's synthetic patient if present, otherwise the procedural stand-in. */
export function sampleSeriesSources(sampleDataDir: string): SampleSeriesSource[] {
  const files = sampleNiftiFiles(sampleDataDir);
  if (files.length) {
    return files.map((file) => ({
      name: path.basename(file).replace(/\.nii(\.gz)?$/, ''),
      origin: path.relative(process.cwd(), file),
      fingerprint: createHash('sha256').update(fs.readFileSync(file)).digest('hex'),
      load: async () => (await readNifti(file)).volume,
    }));
  }
  return [
    {
      name: 'procedural-thighs',
      origin: 'procedural generator',
      fingerprint: 'procedural-thighs-v1',
      load: async () => proceduralThighsCt().volume,
    },
  ];
}
