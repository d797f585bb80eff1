/**
 * tsx cli/validate-cases.ts --cases <folder>... (each <case>_labels.nii.gz with <case>_ct.nii.gz or <case>.nii.gz)
 *                           [--out <folder>]
 *                           [--negative <CT file or DICOM folder without lower-limb bones>]... [--model <dir>]
 * Segments every case with the Node pipeline (the same code as `npm run segment`), scores it against its reference
 * labels (as `npm run score`), and prints one table plus a JSON summary. A negative control must come out with no
 * femur/tibia/fibula/patella and no label behind the patient's back (on the CT table).
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fullBox } from '../extensions/bone-segmentation/src/core/box';
import { LABELS } from '../extensions/bone-segmentation/src/core/label-table';
import { labelComponents } from '../extensions/bone-segmentation/src/core/postprocess/components';
import type { CtVolume } from '../extensions/bone-segmentation/src/core/types';
import { readNifti, writeNifti } from './io/nifti';
import { scoreLabel, type LabelScore } from './metrics/overlap';
import { DEFAULT_MODEL_DIR } from './model/load-model';
import { exitWithError, UsageError } from './one-line-error';
import { runNodeSegmentation } from './run-node-segmentation';

const LEG_BONES = new Set(['femur', 'tibia', 'fibula', 'patella']);

/**
 * Labelled voxels posterior to the patient's back, where the CT table lies: beyond the posterior extent (patient y,
 * LPS) of the largest connected body of soft tissue (HU > -400). Arms beside the body are not counted as table.
 */
function labelsOnTable(volume: CtVolume, labels: Uint8Array): number {
  const body = new Uint8Array(labels.length);
  for (let i = 0; i < body.length; i++) body[i] = volume.voxels[i] > -400 ? 1 : 0;
  const cc = labelComponents(body, volume.dims, 1, fullBox(volume.dims));
  let largest = 1;
  for (let id = 2; id < cc.sizes.length; id++) if (cc.sizes[id] > cc.sizes[largest]) largest = id;
  const [nx, ny] = volume.dims;
  const { origin, spacing: sp, direction: d } = volume;
  const yOf = (i: number): number => {
    const x = i % nx;
    const y = Math.floor(i / nx) % ny;
    const z = Math.floor(i / (nx * ny));
    return origin[1] + x * sp[0] * d[1] + y * sp[1] * d[4] + z * sp[2] * d[7];
  };
  let back = -Infinity;
  for (let i = 0; i < labels.length; i++) if (cc.ids[i] === largest) back = Math.max(back, yOf(i));
  let onTable = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] !== 0 && yOf(i) > back) onTable++;
  return onTable;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', multiple: true },
      out: { type: 'string', default: 'test-artifacts/validation' },
      negative: { type: 'string', multiple: true },
      model: { type: 'string' },
    },
  });
  if (!values.cases?.length && !values.negative?.length) throw new UsageError('usage: tsx cli/validate-cases.ts --cases <folder> [--negative <path>]... [--out <folder>]');
  const modelDir = values.model ?? DEFAULT_MODEL_DIR;
  const out = values.out!;
  await mkdir(out, { recursive: true });
  const summary: Record<string, unknown>[] = [];
  const lines: string[] = [];
  // Cases: every <name>_labels.nii.gz with its CT beside it as <name>_ct.nii.gz or <name>.nii.gz.
  const cases: Array<{ dir: string; name: string; file: string }> = [];
  for (const dir of values.cases ?? []) {
    const files = await readdir(dir);
    for (const f of files.filter((x) => x.endsWith('_labels.nii.gz')).sort()) {
      const name = f.replace(/_labels\.nii\.gz$/, '');
      const file = files.includes(`${name}_ct.nii.gz`) ? `${name}_ct.nii.gz` : files.includes(`${name}.nii.gz`) ? `${name}.nii.gz` : null;
      if (file) cases.push({ dir, name, file });
    }
  }
  for (const { dir, name, file } of cases) {
    const run = await runNodeSegmentation({ input: join(dir, file), modelDir, threads: 2 });
    await writeNifti(join(out, `${name}_pred.nii.gz`), run.result.labels, run.loaded.outputHeader, { isLabelmap: true });
    const ref = await readNifti(join(dir, `${name}_labels.nii.gz`));
    const refLabels = Uint8Array.from(ref.volume.voxels);
    const scores: Array<LabelScore & { name: string }> = [];
    for (const l of LABELS) {
      if (l.value === 0) continue;
      const s = scoreLabel(run.result.labels, refLabels, run.loaded.volume.dims, run.loaded.volume.spacing, l.value);
      if (s.predVoxels || s.refVoxels) scores.push({ name: l.name, ...s });
    }
    const timing = run.monitor.summary();
    summary.push({ case: name, dims: run.loaded.volume.dims, spacing: run.loaded.volume.spacing, scores, totalMs: timing.totalMs, sides: run.result.sides });
    for (const s of scores)
      lines.push(
        `${name.padEnd(26)} ${s.name.padEnd(14)} dice ${s.dice === null ? '  -   ' : s.dice.toFixed(4)}  hd95 ${s.hd95Mm === null ? '   -' : s.hd95Mm.toFixed(2).padStart(6)} mm  msd ${s.msdMm === null ? '   -' : s.msdMm.toFixed(2).padStart(5)} mm`,
      );
    process.stderr.write(`${name}: done in ${(timing.totalMs / 1000).toFixed(1)} s\n`);
  }
  for (const input of values.negative ?? []) {
    const run = await runNodeSegmentation({ input, modelDir, threads: 2 });
    const found = run.labels.filter((l) => l.voxels > 0);
    const legVoxels = found.filter((l) => LEG_BONES.has(LABELS[l.value].bone)).reduce((s, l) => s + l.voxels, 0);
    const onTable = labelsOnTable(run.loaded.volume, run.result.labels);
    const name = basename(input.replace(/\/$/, ''));
    summary.push({ negative: name, found: found.map((l) => ({ name: l.name, voxels: l.voxels, ml: l.ml })), legVoxels, voxelsPosteriorToBody: onTable });
    lines.push(`${name}: labels found: ${found.map((l) => `${l.name} ${l.ml} ml`).join(', ') || 'none'}; femur/tibia/fibula/patella voxels: ${legVoxels}; labelled voxels behind the patient's back (table): ${onTable}`);
  }
  await writeFile(join(out, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch(exitWithError);
