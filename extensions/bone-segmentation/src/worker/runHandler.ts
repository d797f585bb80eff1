/**
 * What the worker does with one run request, apart from the `self` wiring (segmentation.worker.ts), so the message
 * protocol is testable in Node: load the model (cached), run the pure core, send progress, and send the labelmap
 * back as a transferred buffer, or one classified error.
 */
import type { MetalReport } from '../core/metal';
import type { Point3 } from '../core/label-stats';
import type { CtVolume, ModelRunner, SegmentationOptions } from '../core/types';
import type { ErrorMessage, ProgressMessage, ResultMessage, RunRequest, StageTiming, WorkerErrorCode, WorkerResponse } from './protocol';

export interface LoadedModel {
  runner: ModelRunner;
  /** The parsed model.json, handed to `segment` as is. */
  config: unknown;
  backend: () => 'webgpu' | 'wasm';
  wasmThreads: number;
  /** Where the loading time went (fetching the runtime, the model, opening the session). */
  timings?: StageTiming[];
}

export interface SegmentOutput {
  labels: Uint8Array;
  /** Voxel count per label value, when the core already has it. */
  counts?: number[];
  /** Centre of each label (world, LPS mm), when the core already has them. */
  centres?: Array<Point3 | null>;
  /** The core's own per-stage timings, when it measures them. */
  timings?: StageTiming[];
  /** Metal found in the CT, when the core looked for it. */
  metal?: MetalReport;
}

export interface RunHandlerDeps {
  loadModel(request: RunRequest): Promise<LoadedModel>;
  segment(volume: CtVolume, runner: ModelRunner, config: unknown, options: SegmentationOptions): Promise<SegmentOutput>;
  post(message: WorkerResponse, transfer: ArrayBuffer[]): void;
  now?: () => number;
}

/** Share of the progress bar given to loading the model; the core's own 0..1 fills the rest. */
const LOAD_SHARE = 0.05;

export function classifyError(error: unknown): { code: WorkerErrorCode; message: string } {
  const name = error instanceof Error ? error.name : '';
  const text = error instanceof Error ? error.message : String(error);
  if (name === 'AbortError') return { code: 'cancelled', message: 'Segmentation was cancelled.' };
  if (name === 'ModelLoadError' || name === 'AssetFetchError' || name === 'ModelConfigError') {
    return { code: 'model-load-failed', message: text };
  }
  if (name === 'InvalidInputError') return { code: 'invalid-input', message: text };
  return { code: 'failed', message: text || 'Segmentation failed.' };
}

export function countLabels(labels: Uint8Array): number[] {
  const counts = new Array<number>(256).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  let last = counts.length - 1;
  while (last > 0 && counts[last] === 0) last--;
  return counts.slice(0, last + 1);
}

export function createRunHandler(deps: RunHandlerDeps): (request: RunRequest) => Promise<void> {
  const now = deps.now ?? (() => performance.now());
  return async (request) => {
    const { runId } = request;
    const timings: StageTiming[] = [];
    const progress = (stage: string, fraction: number): void => {
      const message: ProgressMessage = { type: 'progress', runId, stage, fraction: Math.min(1, Math.max(0, fraction)) };
      deps.post(message, []);
    };
    try {
      const loadStart = now();
      progress('Loading the model', 0);
      const model = await deps.loadModel(request);
      timings.push({ stage: 'load model', ms: now() - loadStart }, ...(model.timings ?? []));
      progress('Loading the model', LOAD_SHARE);
      const output = await deps.segment(request.volume, model.runner, model.config, {
        onProgress: ({ stage, fraction }) => progress(stage, LOAD_SHARE + (1 - LOAD_SHARE) * fraction),
      });
      const { labels } = output;
      timings.push(...(output.timings ?? []));
      const result: ResultMessage = {
        type: 'result',
        runId,
        labels,
        counts: output.counts ?? countLabels(labels),
        centres: output.centres ?? [],
        backend: model.backend(),
        wasmThreads: model.wasmThreads,
        timings,
        ...(output.metal ? { metal: output.metal } : {}),
      };
      deps.post(result, [labels.buffer as ArrayBuffer]);
    } catch (error) {
      const { code, message } = classifyError(error);
      const failure: ErrorMessage = { type: 'error', runId, code, message };
      deps.post(failure, []);
    }
  };
}
