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
import { labelStatistics, type Point3 } from './label-stats';
import { findMetal, type MetalReport } from './metal';
import type { ModelConfig } from './model-config';
import { normalizeInPlace, normalizedValue } from './normalize';
import { axisMapOf, gridToLps, lpsDims, lpsToGrid, toGridAxes, type AxisMap, type Dims } from './orientation';
import { voteByBoneBodies } from './postprocess/bone-bodies';
import { fillHoles } from './postprocess/fill-holes';
import { labelBoxes } from './postprocess/label-boxes';
import { labelsAtNativeResolution } from './postprocess/native-labels';
import { removeFragments, type FragmentRule } from './postprocess/fragments';
import { removeArmsAndRibsCalledLegBones, removeLoneHipBone } from './postprocess/plausibility';
import { assignSides, type SideDecision, type WorldXRow } from './postprocess/sides';
import { axisFilter, gridOverhangMm, resampleVolume, type AxisFilter } from './resample';
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
  /** Mean voxel position of each label in world coordinates (LPS, mm), null where absent; index = value. */
  centres: Array<Point3 | null>;
  /** Volume in ml per label value. */
  volumesMl: number[];
  timings: StageTiming[];
  sides: SideDecision;
  /** Metal found in the CT (never labelled as bone); ml 0 when none. */
  metal: MetalReport;
}

export interface SegmentBonesOptions extends SegmentationOptions {
  /** Called when a stage starts (after the previous one ended); the Node bench samples memory here. */
  onStage?: (stage: string) => void;
}

/** Stage names and their share of the progress bar (roughly their share of the run time). */
const STAGES: Array<[string, number]> = [
  ['validate', 0.02],
  ['resample', 0.12],
  ['inference', 0.5],
  ['coarse post-processing', 0.04],
  ['refine', 0.17],
  ['bone bodies', 0.03],
  ['fill holes', 0.12],
];

/**
 * Hole-filling passes per bone at most (fewer when a pass fills nothing). Held-out cases with low-density
 * cancellous bone: 1 -> 3 passes raised hip Dice 0.93 -> 0.95-0.96 (ssm_hip_b) and femur 0.93 -> 0.96
 * (ssm_hip_b, ssm_ankle); on the others the second pass fills nothing.
 */
const MAX_FILL_PASSES = 3;

/**
 * Bone bodies vote (`postprocess/bone-bodies.ts`): a piece that another bone claimed in a connected body of dense
 * bone moves to the body's bone when it is less than this share of its own label (its main body is elsewhere).
 * indiv_pelvis_c: the network called a right femoral head hip bone, beyond the joint contest; femur R 0.75 -> 0.99,
 * hip R 0.89 -> 0.99 (model card: all changes). A third keeps a whole bone from moving where a joint is bridged.
 */
const BODY_MAX_FRACTION_OF_LABEL = 1 / 3;
const BODY_MIN_PIECE_ML = 0.1;

/** Smallest credible piece of each bone at coarse resolution (ml); smaller pieces are noise or other anatomy. */
const MIN_BONE_ML: Record<string, number> = { femur: 5, tibia: 5, hip: 5, sacrum: 5, fibula: 1.5, patella: 2 };
/**
 * The same for a long bone's piece on the edge of the field of view (the scan cuts it): kept from this size even
 * when far smaller than the other leg's bone (indiv_knee: a 7 ml tibia end, Dice 0 -> 0.99). Not for the hip bone
 * and sacrum: at the top of a pelvis scan an edge piece called sacrum is more likely a lumbar vertebra.
 */
const MIN_CUT_LONG_BONE_ML: Record<string, number> = { femur: 1.5, tibia: 1.5, fibula: 1.5 };

const BODY_HU = -500;

/** Stage bookkeeping: timings, progress fractions, abort checks between stages. */
class StageTracker {
  readonly timings: StageTiming[] = [];
  private index = -1;
  private start = now();
  constructor(private readonly options: SegmentBonesOptions) {}

  enter(name: string): void {
    if (this.index >= 0) this.timings.push({ stage: STAGES[this.index][0], ms: now() - this.start });
    throwIfAborted(this.options.signal);
    this.index = STAGES.findIndex(([s]) => s === name);
    this.start = now();
    this.options.onStage?.(name);
    this.progress(0);
  }

  progress(fractionOfStage: number): void {
    if (this.index < 0) return;
    const done = STAGES.slice(0, this.index).reduce((s, [, w]) => s + w, 0);
    this.options.onProgress?.({
      stage: STAGES[this.index][0],
      fraction: Math.min(1, done + STAGES[this.index][1] * fractionOfStage),
    });
  }

  finish(): void {
    if (this.index >= 0) this.timings.push({ stage: STAGES[this.index][0], ms: now() - this.start });
    this.index = -1;
    this.options.onProgress?.({ stage: 'done', fraction: 1 });
  }
}

/** The input resampled to the model's grid, and the bookkeeping to come back to the input grid. */
export interface CoarseVolume {
  map: AxisMap;
  /** Coarse grid in the input's axis order. */
  gridDims: Dims;
  /** Model spacing in the input's axis order. */
  gridSpacing: [number, number, number];
  /** HU on the coarse grid in LPS order. */
  hu: Float32Array;
  lpsDims: Dims;
}

export function resampleToModelGrid(volume: CtVolume, config: ModelConfig, onSlice?: (k: number) => void): CoarseVolume {
  const map = axisMapOf(volume.direction);
  const gridSpacing = toGridAxes(config.spacing, map);
  const filters = [0, 1, 2].map((a) => axisFilter(volume.dims[a], volume.spacing[a], gridSpacing[a])) as [
    AxisFilter,
    AxisFilter,
    AxisFilter,
  ];
  const gridDims: Dims = [filters[0].nDst, filters[1].nDst, filters[2].nDst];
  const coarseGrid = resampleVolume(volume.voxels, volume.dims, filters, onSlice);
  return { map, gridDims, gridSpacing, hu: gridToLps(coarseGrid, gridDims, map), lpsDims: lpsDims(gridDims, map) };
}

/** Network classes (indices into config.classes) on the coarse LPS grid. */
export async function classifyCoarse(
  coarse: CoarseVolume,
  runner: ModelRunner,
  config: ModelConfig,
  opts: { signal?: AbortSignal; onFraction?: (f: number) => void } = {},
): Promise<CoarseClasses> {
  const cDims = coarse.lpsDims;
  const classMap = new Uint8Array(coarse.hu.length);
  const boneProbability = new Float32Array(coarse.hu.length);
  // The network only needs the body: air around it and beyond the table costs time for nothing.
  let body = boundingBox(coarse.hu, cDims, (v) => v > BODY_HU);
  if (isEmptyBox(body)) return { classMap, boneProbability };
  body = growBox(body, [2, 2, 2], cDims);
  const input = normalizeInPlace(cropArray(coarse.hu, cDims, body), config.normalization);
  const probs = await predictProbabilities(input, boxSize(body), normalizedValue(config.padValueHu, config.normalization), runner, config, {
    signal: opts.signal,
    onWindow: (done, total) => opts.onFraction?.(done / total),
  });
  pasteBox(classMap, cDims, argmaxClasses(probs, config.classes.length, input.length), body);
  // Channel 0 is background: the rest is the probability that the voxel is some bone.
  const bone = new Float32Array(input.length);
  for (let i = 0; i < bone.length; i++) bone[i] = 1 - probs[i];
  pasteBox(boneProbability, cDims, bone, body);
  return { classMap, boneProbability };
}

/** The network's decision on the coarse LPS grid: argmax class and bone probability per voxel. */
export interface CoarseClasses {
  classMap: Uint8Array;
  boneProbability: Float32Array;
}

export interface PostprocessResult {
  labels: Uint8Array;
  sides: SideDecision;
}

/** Coarse clean-up and sides, then boundaries at native resolution: labels on the input grid. */
export function postprocessToNative(
  volume: CtVolume,
  coarse: CoarseVolume,
  network: CoarseClasses,
  config: ModelConfig,
  tracker?: StageTracker,
  signal?: AbortSignal,
): PostprocessResult {
  const cDims = coarse.lpsDims;
  const classMap = network.classMap.slice();
  const coarseVoxelMl = (config.spacing[0] * config.spacing[1] * config.spacing[2]) / 1000;
  const classRule = (c: number): FragmentRule => ({
    minMl: MIN_BONE_ML[config.classes[c]] ?? 2,
    minFractionOfLargest: 0.05,
    minMlAtGridEdge: MIN_CUT_LONG_BONE_ML[config.classes[c]],
    maxComponents: 0,
    // Not to a neighbour: at coarse resolution a broken-off piece is as likely part of a thin bone the network
    // fragmented; the native growth through bright bone gives it to the bone it is connected to.
    reassignTouching: false,
  });
  const classValues = config.classes.map((_, i) => i).slice(1);
  removeFragments(classMap, cDims, classValues, coarseVoxelMl, classRule);
  const worldX = worldXRow(volume, coarse.map, coarse.gridDims, coarse.gridSpacing);
  removeArmsAndRibsCalledLegBones(classMap, cDims, config.classes, worldX);
  removeLoneHipBone(classMap, cDims, config.classes);
  const sides = assignSides(classMap, cDims, config.classes, worldX, coarseVoxelMl);
  const labelValues = LABELS.filter((l) => l.value > 0).map((l) => l.value);
  removeFragments(sides.labels, cDims, labelValues, coarseVoxelMl, () => ({ minMl: 1, minFractionOfLargest: 0.1, maxComponents: 0, reassignTouching: false }));
  const coarseLabelsGrid = lpsToGrid(sides.labels, coarse.gridDims, coarse.map);

  tracker?.enter('refine');
  const native = labelsAtNativeResolution(volume.voxels, {
    dims: volume.dims,
    spacing: volume.spacing,
    coarseLabels: coarseLabelsGrid,
    coarseBone: lpsToGrid(network.boneProbability, coarse.gridDims, coarse.map),
    coarseDims: coarse.gridDims,
    coarseSpacing: coarse.gridSpacing,
  });
  const { labels, box, contrast } = native;
  const voxelMl = (volume.spacing[0] * volume.spacing[1] * volume.spacing[2]) / 1000;

  tracker?.enter('bone bodies');
  // Dense bone for the vote: this scan's cortex edge (half-maximum between its soft tissue and cortex).
  if (!isEmptyBox(box) && contrast.usable)
    voteByBoneBodies(labels, volume.voxels, volume.dims, box, {
      denseHu: contrast.edgeHu,
      maxFractionOfLabel: BODY_MAX_FRACTION_OF_LABEL,
      minMajority: 0.5,
      minPieceVoxels: Math.ceil(BODY_MIN_PIECE_ML / voxelMl),
      // Sides come from patient coordinates, not from which body a piece touches (the pubic symphysis).
      mayMove: (from, to) => labelByValue(from)?.bone !== labelByValue(to)?.bone,
    });

  tracker?.enter('fill holes');
  if (!isEmptyBox(box)) fillAndClean(labels, volume, box, coarse.map.gridAxis[2], voxelMl, tracker, signal);
  return { labels, sides: sides.decision };
}

function fillAndClean(
  labels: Uint8Array,
  volume: CtVolume,
  within: Box,
  sliceAxis: number,
  voxelMl: number,
  tracker: StageTracker | undefined,
  signal: AbortSignal | undefined,
): void {
  const boxes = labelBoxes(labels, volume.dims, within, MAX_LABEL);
  let done = 0;
  for (const [value, box] of boxes) {
    throwIfAborted(signal);
    const grown = growBox(box, [2, 2, 2], volume.dims);
    // Each pass's closing bridges one-voxel gaps in the cortex as it is after the previous fill, so repeating
    // reaches cancellous bone behind a cortex with wider gaps (osteopenic hip and femoral head).
    for (let pass = 0; pass < MAX_FILL_PASSES; pass++) if (fillHoles(labels, volume.dims, value, grown, sliceAxis, true) === 0) break;
    tracker?.progress((++done / boxes.size) * 0.7);
  }
  removeFragments(
    labels,
    volume.dims,
    [...boxes.keys()],
    voxelMl,
    () => ({ minMl: 0.2, minFractionOfLargest: 0.05, maxComponents: 0, reassignTouching: true }),
    // Fragments live inside their label's box (hole filling only adds voxels inside it); one voxel of margin so
    // a fragment's neighbours are seen.
    (value) => growBox(boxes.get(value)!, [1, 1, 1], volume.dims),
  );
}

export async function segmentBones(
  volume: CtVolume,
  runner: ModelRunner,
  config: ModelConfig,
  options: SegmentBonesOptions = {},
): Promise<SegmentationResult> {
  const { signal } = options;
  const tracker = new StageTracker(options);

  tracker.enter('validate');
  validateVolume(volume);

  tracker.enter('resample');
  const coarse = resampleToModelGrid(volume, config, (k) => {
    if ((k & 15) === 0) {
      throwIfAborted(signal);
      tracker.progress(k / volume.dims[2]);
    }
  });

  tracker.enter('inference');
  const network = await classifyCoarse(coarse, runner, config, { signal, onFraction: (f) => tracker.progress(f) });

  tracker.enter('coarse post-processing');
  const { labels, sides } = postprocessToNative(volume, coarse, network, config, tracker, signal);
  const metal = findMetal(volume, labels);

  const { counts, centres } = labelStatistics(labels, volume, MAX_LABEL);
  const voxelMl = (volume.spacing[0] * volume.spacing[1] * volume.spacing[2]) / 1000;
  tracker.finish();
  return {
    labels,
    counts,
    centres,
    volumesMl: counts.map((c, v) => (v === 0 || !labelByValue(v) ? 0 : c * voxelMl)),
    timings: tracker.timings,
    sides,
    metal,
  };
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

function pasteBox<T extends Uint8Array | Float32Array>(dst: T, dims: Dims, src: T, box: Box): void {
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
    // mm along g from native voxel 0's centre = (c + 0.5) * S - 0.5 * sp - overhang (resample.ts: the coarse grid
    // is centred on the native extent), with c = flip ? (n - 1 - x) : x.
    const S = coarseSpacingGrid[g];
    const sp = volume.spacing[g];
    const dirX = volume.direction[3 * g];
    const n = coarseGridDims[g];
    const overhang = gridOverhangMm(volume.dims[g], sp, S, n);
    if (map.flip[a]) {
      row[0] += ((n - 1 + 0.5) * S - 0.5 * sp - overhang) * dirX;
      row[a + 1] = -S * dirX;
    } else {
      row[0] += (0.5 * S - 0.5 * sp - overhang) * dirX;
      row[a + 1] = S * dirX;
    }
  }
  return row;
}

