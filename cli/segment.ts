/**
 * npm run segment -- --input <file.nii | file.nii.gz | DICOM folder> --output <labels.nii.gz> [--report <report.json>]
 *                    [--model <folder with model.json>] [--threads 2] [--assume-orientation] [--stl <folder>]
 * --stl writes one binary STL per bone found (femur_left.stl, ...), in mm, DICOM LPS patient coordinates.
 * Writes the labelmap on the input's exact grid and affine (a DICOM input gets the equivalent NIfTI affine).
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { metalWarning } from '../extensions/bone-segmentation/src/core/metal';
import { writeNifti } from './io/nifti';
import { checkOutputPaths } from './io/output-paths';
import { writeBoneStls, type StlReport } from './io/write-stl';
import { DEFAULT_MODEL_DIR } from './model/load-model';
import { exitWithError, UsageError } from './one-line-error';
import { runNodeSegmentation } from './run-node-segmentation';

const USAGE =
  'usage: npm run segment -- --input <file.nii|file.nii.gz|DICOM folder> --output <labels.nii.gz> [--report <report.json>] [--model <dir>] [--threads N] [--assume-orientation] [--stl <folder>]';

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        input: { type: 'string' },
        output: { type: 'string' },
        report: { type: 'string' },
        model: { type: 'string' },
        threads: { type: 'string' },
        stl: { type: 'string' },
        // A NIfTI without qform/sform is refused (its left and right are unknown) unless this says to read it as RAS.
        'assume-orientation': { type: 'boolean' },
      },
    }));
  } catch (e) {
    throw new UsageError(`${(e as Error).message}. ${USAGE}`);
  }
  if (!values.input || !values.output) throw new UsageError(USAGE);
  checkOutputPaths(values.input, [
    { flag: '--output', path: values.output },
    ...(values.report ? [{ flag: '--report', path: values.report }] : []),
    ...(values.stl ? [{ flag: '--stl', path: values.stl, kind: 'folder' as const }] : []),
  ]);
  const threads = Number(values.threads ?? 2);
  const run = await runNodeSegmentation({
    input: values.input,
    modelDir: values.model ?? DEFAULT_MODEL_DIR,
    threads: Number.isInteger(threads) && threads > 0 ? threads : 2,
    assumeOrientation: values['assume-orientation'] === true,
  });
  for (const note of run.loaded.notes) process.stderr.write(`${note}\n`);
  const metal = metalWarning(run.result.metal);
  if (metal) process.stderr.write(`warning: ${metal}\n`);
  run.monitor.start('write output');
  await writeNifti(values.output, run.result.labels, run.loaded.outputHeader, { isLabelmap: true, description: 'bone-segmentation labels' });
  let stl: StlReport[] | undefined;
  if (values.stl) {
    run.monitor.start('surfaces (STL)');
    stl = await writeBoneStls(values.stl, run.result.labels, run.loaded.volume, run.result.counts, run.modelVersion);
  }
  const summary = run.monitor.summary();
  const found = run.labels.filter((l) => l.voxels > 0);
  if (values.report) {
    const report = {
      input: values.input,
      inputKind: run.loaded.kind,
      inputNotes: run.loaded.notes,
      output: values.output,
      dims: run.loaded.volume.dims,
      spacing: run.loaded.volume.spacing,
      labels: run.labels,
      sides: run.result.sides,
      metal: run.result.metal,
      ...(stl ? { stl } : {}),
      ...summary,
    };
    await writeFile(values.report, JSON.stringify(report, null, 2) + '\n');
  }
  const bones = found.length ? found.map((l) => `${l.displayName} ${l.ml.toFixed(1)} ml`).join(', ') : 'no lower-limb bones found';
  process.stdout.write(`${values.output}: ${bones} (${(summary.totalMs / 1000).toFixed(1)} s, peak RSS ${summary.peakRssMb} MB)\n`);
  if (stl) process.stdout.write(`${values.stl}: ${stl.length} STL file(s), ${stl.map((s) => `${s.label} ${s.triangles} triangles`).join(', ')}\n`);
}

main().catch(exitWithError);
