/**
 * Writes the sample CT study that `npm start` serves: one DICOM study (PatientName and descriptions say
 * SYNTHETIC) with one CT series per volume in sample-data/synthetic-patient-*.nii.gz, or a procedural stand-in.
 *   npm run make-sample [-- --out <folder>] [--sample-data <folder>]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ctSliceToPart10, type SeriesInfo, type StudyInfo } from './sample-study/ctToDicom';
import { sampleSeriesSources } from './sample-study/sources';
import { deterministicUid } from './sample-study/uids';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUT = path.join(ROOT, '.cache', 'sample-study');
export const DEFAULT_SAMPLE_DATA = path.join(ROOT, 'sample-data');

/** "synthetic-patient-knees" -> "knees"; used for series descriptions and body part. */
function seriesLabel(name: string): string {
  return name.replace(/^synthetic-patient-/, '').replace(/[-_]+/g, ' ').trim() || name;
}

function bodyPart(label: string): string {
  if (/knee/i.test(label)) return 'KNEE';
  if (/hip|pelvis/i.test(label)) return 'PELVIS';
  return 'LEG';
}

export async function makeSampleStudy({ out = DEFAULT_OUT, sampleData = DEFAULT_SAMPLE_DATA } = {}): Promise<{
  studyInstanceUid: string;
  series: { description: string; slices: number }[];
}> {
  const sources = sampleSeriesSources(sampleData);
  const studyKey = sources.map((s) => `${s.name}:${s.fingerprint}`).join('+');
  const study: StudyInfo = {
    studyInstanceUid: deterministicUid('bone-segmentation sample study', studyKey),
    frameOfReferenceUid: deterministicUid('bone-segmentation sample frame of reference', studyKey),
    patientName: 'SYNTHETIC^Lower Limb',
    patientId: 'SYNTHETIC-0001',
    studyDescription: 'SYNTHETIC lower-limb CT (generated, not a real patient)',
    studyDate: '20240101',
    studyTime: '120000',
  };
  // Build in a sibling folder and swap it in, so a server never sees a half-written study.
  const staging = `${out}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  const written: { description: string; slices: number }[] = [];
  for (const [index, source] of sources.entries()) {
    const volume = await source.load();
    const label = seriesLabel(source.name);
    const series: SeriesInfo = {
      seriesInstanceUid: deterministicUid(study.studyInstanceUid, 'series', source.name, source.fingerprint),
      seriesNumber: index + 1,
      seriesDescription: `SYNTHETIC CT ${label}`,
      bodyPartExamined: bodyPart(label),
    };
    const dir = path.join(staging, `series-${String(index + 1).padStart(2, '0')}-${source.name}`);
    fs.mkdirSync(dir);
    for (let k = 0; k < volume.dims[2]; k++) {
      const file = path.join(dir, `slice-${String(k + 1).padStart(4, '0')}.dcm`);
      fs.writeFileSync(file, ctSliceToPart10(volume, k, study, series));
    }
    written.push({ description: series.seriesDescription, slices: volume.dims[2] });
    console.log(`  ${series.seriesDescription}: ${volume.dims.join('x')} voxels from ${source.origin}`);
  }
  fs.writeFileSync(
    path.join(staging, 'sample-study.json'),
    `${JSON.stringify({ studyInstanceUid: study.studyInstanceUid, sources: sources.map((s) => s.origin), series: written }, null, 2)}\n`,
  );
  fs.rmSync(out, { recursive: true, force: true });
  fs.renameSync(staging, out);
  return { studyInstanceUid: study.studyInstanceUid, series: written };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, 'sample-data': { type: 'string' } } });
  const out = path.resolve(values.out ?? DEFAULT_OUT);
  console.log(`Writing the sample CT study to ${path.relative(process.cwd(), out) || out}`);
  const result = await makeSampleStudy({ out, sampleData: path.resolve(values['sample-data'] ?? DEFAULT_SAMPLE_DATA) });
  console.log(`StudyInstanceUID ${result.studyInstanceUid}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(`make-sample: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
