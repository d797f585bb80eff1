/**
 * npm run score -- --pred <a.nii.gz> --ref <b.nii.gz> [--json <out.json>]
 * Dice, 95% Hausdorff and mean surface distance (mm) per label of labels.json: a table on stdout, and JSON
 * (to --json, or after the table).
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { LABELS } from '../extensions/bone-segmentation/src/core/label-table';
import { readNifti } from './io/nifti';
import { scoreLabel, type LabelScore } from './metrics/overlap';
import { exitWithError, UsageError } from './one-line-error';

const USAGE = 'usage: npm run score -- --pred <a.nii.gz> --ref <b.nii.gz> [--json <scores.json>]';

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
  const [pred, ref] = await Promise.all([readNifti(values.pred), readNifti(values.ref)]);
  const a = pred.volume;
  const b = ref.volume;
  if (a.dims.some((d, i) => d !== b.dims[i])) throw new UsageError(`The two labelmaps have different grids (${a.dims.join('x')} vs ${b.dims.join('x')}).`);
  const off = Math.max(...a.origin.map((o, i) => Math.abs(o - b.origin[i])), ...a.spacing.map((s, i) => Math.abs(s - b.spacing[i])));
  if (off > 0.01 * Math.max(...b.spacing)) throw new UsageError('The two labelmaps are not on the same grid (origin or spacing differ).');
  const toLabels = (v: typeof a): Uint8Array => Uint8Array.from(v.voxels, (x) => (x >= 0 && x <= 255 ? Math.round(x) : 0));
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
