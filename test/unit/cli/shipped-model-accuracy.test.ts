/**
 * The shipped model, through the whole Node pipeline (network + native refinement), on the demo patient of
 * sample-data/: a synthetic patient from a seed that training never used. Every bone of the reference is found with
 * the right side, no bone that is absent appears, and each one overlaps its reference closely. Runs `npm run segment`
 * in its own process (onnxruntime-node's tensors do not cross jest's module sandbox).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readNifti } from '../../../cli/io/nifti';
import { scoreLabel } from '../../../cli/metrics/overlap';
import { LABELS } from '../../../extensions/bone-segmentation/src/core/label-table';
import { bonesFound } from '../../../extensions/bone-segmentation/src/ohif/boneSegments';
import { countLabels } from '../../../extensions/bone-segmentation/src/worker/runHandler';

/** Lowest Dice accepted per label: a margin under what the shipped model measured (see MODEL_CARD.md). */
const MIN_DICE = 0.93;
const MAX_MSD_MM = 1.0;

describe.each(['knees', 'pelvis'])('the shipped model on the held-out sample patient (%s)', (part) => {
  it('labels exactly the reference bones, each with Dice and mean surface distance within bounds', async () => {
    const base = resolve('sample-data', `synthetic-patient-${part}`);
    const dir = mkdtempSync(join(tmpdir(), 'model-accuracy-'));
    let pred: Uint8Array;
    try {
      const out = join(dir, 'labels.nii.gz');
      const r = spawnSync(resolve('node_modules/.bin/tsx'), ['cli/segment.ts', '--input', `${base}.nii.gz`, '--output', out], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      pred = Uint8Array.from((await readNifti(out)).volume.voxels);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const { volume: ref } = await readNifti(`${base}_labels.nii.gz`);
    const refLabels = Uint8Array.from(ref.voxels);
    expect(pred.length).toBe(refLabels.length);

    const present = (map: Uint8Array): string[] => bonesFound(countLabels(map)).map((s) => s.name);
    expect(present(pred)).toEqual(present(refLabels));

    for (const label of LABELS.filter((l) => l.value > 0 && refLabels.includes(l.value))) {
      const s = scoreLabel(pred, refLabels, ref.dims, ref.spacing, label.value);
      const summary = { label: label.name, dice: +(s.dice ?? 0).toFixed(3), msdMm: +(s.msdMm ?? Infinity).toFixed(2) };
      expect({ ...summary, ok: summary.dice >= MIN_DICE && summary.msdMm <= MAX_MSD_MM }).toEqual({ ...summary, ok: true });
    }
  }, 120_000);
});
