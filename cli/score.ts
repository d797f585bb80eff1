/**
 * npm run score -- --pred <a.nii.gz> --ref <b.nii.gz> [--json <out.json>]
 * Dice, 95% Hausdorff and mean surface distance (mm) per label of labels.json: a table on stdout, and JSON
 * (to --json, or after the table).
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { LABELS } from '../extensions/bone-segmentation/src/core/label-table';
import { readNifti } from './io/nifti';
import { checkOutputPaths } from './io/output-paths';
import { scoreLabel, type LabelScore } from './metrics/overlap';
import { exitWithError, UsageError } from './one-line-error';

const USAGE = 'usage: npm run score -- --pred <a.nii.gz> --ref <b.nii.gz> [--json <scores.json>]';

/** A CT given as a labelmap gives meaningless scores: every value must be a label of the label table. */
function checkIsLabelmap(file: string, voxels: ArrayLike<number>): void {
  const known = new Set(LABELS.map((l) => l.value));
  let lo = Infinity;
  let hi = -Infinity;
  let bad = 0;
  for (let i = 0; i < voxels.length; i++) {
    const v = voxels[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (!known.has(v)) bad++;
  }
  if (bad > 0) {
    throw new UsageError(`${file} is not a bone labelmap: ${bad} voxels hold values outside the label table (values ${lo} to ${hi}); is it a CT?`);
  }
}

function fmt(x: number | null, digits: number): string {
  return x === null ? '-' : x.toFixed(digits);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({ options: { pred: { type: 'string' }, ref: { type: 'string' }, json: { type: 'string' } } }));
  } catch (e) {
    throw new UsageError(`${(e as Error).message}. ${USAGE}`);
  }
  if (!values.pred || !values.ref) throw new UsageError(USAGE);
  if (values.json) checkOutputPaths(values.pred, [{ flag: '--json', path: values.json }]);
  if (values.json) checkOutputPaths(values.ref, [{ flag: '--json', path: values.json }]);
  // Voxel against voxel on one grid: an orientation-less pair compares fine, so it is not refused here.
  const [pred, ref] = await Promise.all([readNifti(values.pred, { assumeOrientation: true }), readNifti(values.ref, { assumeOrientation: true })]);
  for (const note of [...pred.notes, ...ref.notes].filter((n) => !n.startsWith('warning: the NIfTI file has no orientation'))) process.stderr.write(`${note}\n`);
  const a = pred.volume;
  const b = ref.volume;
  checkIsLabelmap(values.pred, a.voxels);
  checkIsLabelmap(values.ref, b.voxels);
  if (a.dims.some((d, i) => d !== b.dims[i])) throw new UsageError(`The two labelmaps have different grids (${a.dims.join('x')} vs ${b.dims.join('x')}).`);
  const off = Math.max(...a.origin.map((o, i) => Math.abs(o - b.origin[i])), ...a.spacing.map((s, i) => Math.abs(s - b.spacing[i])));
  if (off > 0.01 * Math.max(...b.spacing)) throw new UsageError('The two labelmaps are not on the same grid (origin or spacing differ).');
  const toLabels = (v: typeof a): Uint8Array => Uint8Array.from(v.voxels);
  const p = toLabels(a);
  const r = toLabels(b);
  const scores: Array<LabelScore & { name: string }> = [];
  for (const l of LABELS) {
    if (l.value === 0) continue;
    const s = scoreLabel(p, r, a.dims, b.spacing, l.value);
    if (s.predVoxels === 0 && s.refVoxels === 0) continue;
    scores.push({ name: l.name, ...s });
  }
  const present = scores.filter((s) => s.refVoxels > 0 && s.dice !== null);
  const meanDice = present.length ? present.reduce((sum, s) => sum + (s.dice ?? 0), 0) / present.length : null;
  const lines = [
    `${'label'.padEnd(14)} ${'dice'.padStart(6)} ${'hd95 mm'.padStart(8)} ${'msd mm'.padStart(7)} ${'pred vox'.padStart(9)} ${'ref vox'.padStart(9)}`,
    ...scores.map(
      (s) =>
        `${s.name.padEnd(14)} ${fmt(s.dice, 4).padStart(6)} ${fmt(s.hd95Mm, 2).padStart(8)} ${fmt(s.msdMm, 2).padStart(7)} ${String(s.predVoxels).padStart(9)} ${String(s.refVoxels).padStart(9)}`,
    ),
    `mean Dice over labels in the reference: ${fmt(meanDice, 4)}`,
  ];
  const json = { pred: values.pred, ref: values.ref, labels: scores, meanDice };
  process.stdout.write(lines.join('\n') + '\n');
  if (values.json) await writeFile(values.json, JSON.stringify(json, null, 2) + '\n');
  else process.stdout.write(JSON.stringify(json) + '\n');
}

main().catch(exitWithError);
