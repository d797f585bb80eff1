/**
 * The whole pipeline, the same in the browser worker and the Node CLI:
 * validate -> resample to the model grid (in acquisition axis order) -> orient to LPS -> crop to the body ->
 * normalise -> network (one pass or sliding window) -> coarse clean-up and left/right -> back to the acquisition
 * grid -> native-resolution refinement -> hole filling and fragment removal -> labels on the input grid.
 */
import { boundingBox, boxSize, cropArray, growBox, isEmptyBox, type Box } from './box';
import { throwIfAborted } from './errors';
import { argmaxClasses, predictProbabilities } from './inference';
import { LABELS, MAX_LABEL, labelByValue } from './label-table';
import type { ModelConfig } from './model-config';
import { normalizeInPlace, normalizedValue } from './normalize';
import { axisMapOf, gridToLps, lpsDims, lpsToGrid, toGridAxes, type AxisMap, type Dims } from './orientation';
import { fillHoles } from './postprocess/fill-holes';
import { removeFragments, type FragmentRule } from './postprocess/fragments';
import { DEFAULT_REFINE, labelBoxes, refineAtNativeResolution, type RefineParams } from './postprocess/refine';
import { assignSides, type SideDecision, type WorldXRow } from './postprocess/sides';
import { coarseCount, resampleVolume, axisFilter } from './resample';
import type { CtVolume, ModelRunner, SegmentationOptions } from './types';
import { validateVolume } from './validate';

export interface StageTiming {
  stage: string;
  ms: number;
}

export interface SegmentationResult {
  /** Label values of labels.json on the input grid, same voxel order as the input. */
  labels: Uint8Array;
  /** Voxel count per label value (index = value). */
  counts: number[];
  /** Volume in ml per label value. */
  volumesMl: number[];
  timings: StageTiming[];
  sides: SideDecision;
}

export interface SegmentBonesOptions extends SegmentationOptions {
  refine?: Partial<RefineParams>;
  /** Called when a stage starts (after the previous one ended); the Node bench samples memory here. */
  onStage?: (stage: string) => void;
}

/** Stage names and their share of the progress bar (roughly their share of the run time). */
const STAGES: Array<[string, number]> = [
  ['validate', 0.02],
  ['resample', 0.12],
  ['inference', 0.5],
  ['coarse post-processing', 0.04],
  ['refine', 0.2],
  ['fill holes', 0.12],
];

/** Smallest credible piece of each bone at coarse resolution (ml); smaller pieces are noise or other anatomy. */
const MIN_BONE_ML: Record<string, number> = { femur: 5, tibia: 5, hip: 5, sacrum: 5, fibula: 1.5, patella: 2 };

const BODY_HU = -500;

export async function segmentBones(
  volume: CtVolume,
  runner: ModelRunner,
  config: ModelConfig,
  options: SegmentBonesOptions = {},
): Promise<SegmentationResult> {
  const { signal } = options;
  const timings: StageTiming[] = [];
  let stageIndex = -1;
  let stageStart = now();
  const progress = (fractionOfStage: number): void => {
    const done = STAGES.slice(0, stageIndex).reduce((s, [, w]) => s + w, 0);
    options.onProgress?.({ stage: STAGES[stageIndex][0], fraction: Math.min(1, done + STAGES[stageIndex][1] * fractionOfStage) });
  };
  const stage = (name: string): void => {
    if (stageIndex >= 0) timings.push({ stage: STAGES[stageIndex][0], ms: now() - stageStart });
    throwIfAborted(signal);
    stageIndex = STAGES.findIndex(([s]) => s === name);
    stageStart = now();
    options.onStage?.(name);
    progress(0);
  };

  stage('validate');
  validateVolume(volume);
  const dims = volume.dims;
  const map = axisMapOf(volume.direction);
  const modelSpacingGrid = toGridAxes(config.spacing, map);

  stage('resample');
  const filters = [0, 1, 2].map((a) => axisFilter(dims[a], volume.spacing[a], modelSpacingGrid[a])) as [
    ReturnType<typeof axisFilter>,
    ReturnType<typeof axisFilter>,
    ReturnType<typeof axisFilter>,
  ];
  const coarseGridDims: Dims = [filters[0].nDst, filters[1].nDst, filters[2].nDst];
  const coarseGrid = resampleVolume(volume.voxels, dims, filters, (k) => {
    if ((k & 15) === 0) {
      throwIfAborted(signal);
      progress(k / dims[2]);
    }
  });
  const coarseLps = gridToLps(coarseGrid, coarseGridDims, map);
  const cDims = lpsDims(coarseGridDims, map);

  stage('inference');
  // The network only needs the body: air around it and beyond the table costs time for nothing.
  let body = boundingBox(coarseLps, cDims, (v) => v > BODY_HU);
  let classMap: Uint8Array = new Uint8Array(coarseLps.length);
  if (!isEmptyBox(body)) {
    body = growBox(body, [2, 2, 2], cDims);
    const input = normalizeInPlace(cropArray(coarseLps, cDims, body), config.normalization);
    const bodyDims = boxSize(body);
    const probs = await predictProbabilities(input, bodyDims, normalizedValue(-1000, config.normalization), runner, config, {
      signal,
      onWindow: (done, total) => progress(done / total),
    });
    const cropClasses = argmaxClasses(probs, config.classes.length, input.length);
    pasteBox(classMap, cDims, cropClasses, body);
  }

  stage('coarse post-processing');
  const coarseVoxelMl = (config.spacing[0] * config.spacing[1] * config.spacing[2]) / 1000;
  const classRule = (c: number): FragmentRule => ({
    minMl: MIN_BONE_ML[config.classes[c]] ?? 2,
    minFractionOfLargest: 0.05,
    maxComponents: 0,
  });
  const classValues = config.classes.map((_, i) => i).slice(1);
  removeFragments(classMap, cDims, classValues, coarseVoxelMl, classRule);
  const sides = assignSides(classMap, cDims, config.classes, worldXRow(volume, map, coarseGridDims, modelSpacingGrid), coarseVoxelMl);
  classMap = sides.labels;
  const labelValues = LABELS.filter((l) => l.value > 0).map((l) => l.value);
  removeFragments(classMap, cDims, labelValues, coarseVoxelMl, () => ({ minMl: 1, minFractionOfLargest: 0.1, maxComponents: 0 }));
  const coarseLabelsGrid = lpsToGrid(classMap, coarseGridDims, map);

  stage('refine');
  const refined = refineAtNativeResolution(
    {
      hu: volume.voxels,
      dims,
      spacing: volume.spacing,
      coarseLabels: coarseLabelsGrid,
      coarseDims: coarseGridDims,
      coarseSpacing: modelSpacingGrid,
    },
    { ...DEFAULT_REFINE, ...options.refine },
  );
  const labels = refined.labels;

  stage('fill holes');
  const voxelMl = (volume.spacing[0] * volume.spacing[1] * volume.spacing[2]) / 1000;
  if (!isEmptyBox(refined.box)) {
    const boxes = labelBoxes(labels, dims, refined.box, MAX_LABEL);
    let done = 0;
    for (const [value, box] of boxes) {
      throwIfAborted(signal);
      fillHoles(labels, dims, value, box, map.gridAxis[2]);
      progress((++done / boxes.size) * 0.7);
    }
    removeFragments(
      labels,
      dims,
      [...boxes.keys()],
      voxelMl,
      () => ({ minMl: 0.2, minFractionOfLargest: 0.05, maxComponents: 0 }),
      refined.box,
    );
  }
  const counts = new Array<number>(MAX_LABEL + 1).fill(0);
  for (let p = 0; p < labels.length; p++) counts[labels[p]]++;
  timings.push({ stage: STAGES[stageIndex][0], ms: now() - stageStart });
  options.onProgress?.({ stage: 'done', fraction: 1 });
  return {
    labels,
    counts,
    volumesMl: counts.map((c, v) => (v === 0 || !labelByValue(v) ? 0 : c * voxelMl)),
    timings,
    sides: sides.decision,
  };
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

function pasteBox(dst: Uint8Array, dims: Dims, src: Uint8Array, box: Box): void {
  const [sx, sy, sz] = boxSize(box);
  let o = 0;
  for (let z = 0; z < sz; z++)
    for (let y = 0; y < sy; y++) {
      const row = (z + box.min[2]) * dims[0] * dims[1] + (y + box.min[1]) * dims[0] + box.min[0];
      dst.set(src.subarray(o, o + sx), row);
      o += sx;
    }
}

/**
 * Patient x of an LPS-ordered coarse voxel, as a linear function of its indices: coarse voxel -> acquisition grid
 * continuous index -> patient coordinates through the volume's own direction and origin.
 */
export function worldXRow(volume: CtVolume, map: AxisMap, coarseGridDims: Dims, coarseSpacingGrid: [number, number, number]): WorldXRow {
  const row: WorldXRow = [volume.origin[0], 0, 0, 0];
  for (let a = 0; a < 3; a++) {
    const g = map.gridAxis[a];
    // Native continuous index along g of coarse grid index c: ((c + 0.5) * S) / sp - 0.5; mm along g: that * sp.
    const S = coarseSpacingGrid[g];
    const sp = volume.spacing[g];
    const dirX = volume.direction[3 * g];
    // mm along g = (c + 0.5) * S - 0.5 * sp, with c = flip ? (n - 1 - x) : x.
    const n = coarseGridDims[g];
    if (map.flip[a]) {
      row[0] += ((n - 1 + 0.5) * S - 0.5 * sp) * dirX;
      row[a + 1] = -S * dirX;
    } else {
      row[0] += (0.5 * S - 0.5 * sp) * dirX;
      row[a + 1] = S * dirX;
    }
  }
  return row;
}

export { coarseCount };
