/**
 * Messages between the viewer page and the segmentation worker. Plain data only (structured clone); big arrays
 * travel as transferred ArrayBuffers, never copied.
 */
import type { MetalReport } from '../core/metal';
import type { Point3 } from '../core/label-stats';
import type { CtVolume } from '../core/types';

/** Stable reasons a run ends without a labelmap; the page maps each to one user message. */
export type WorkerErrorCode = 'cancelled' | 'model-load-failed' | 'invalid-input' | 'failed';

export interface RunRequest {
  type: 'run';
  runId: number;
  volume: CtVolume;
  /** URL of the folder that holds model.json, the .onnx file and the onnxruntime-web runtime files. */
  assetBase: string;
  /** WebGPU is allowed and the page found an adapter (wasm is always the fallback). */
  allowWebGpu: boolean;
  /**
   * A Web Locks name the worker holds for the whole run. A lock is released when its holder dies, so the page
   * learns at once that a worker was closed or crashed mid-run (a dead worker fires no event on its Worker).
   */
  livenessLock?: string;
}

/** The page cancels a run by terminating the worker: immediate, and it frees the wasm heap at once. */
export type WorkerRequest = RunRequest;

export interface ProgressMessage {
  type: 'progress';
  runId: number;
  stage: string;
  /** 0..1 over the whole run. */
  fraction: number;
}

export interface StageTiming {
  stage: string;
  ms: number;
}

export interface ResultMessage {
  type: 'result';
  runId: number;
  /** Label values of the label table on the input grid, same voxel order as the input. */
  labels: Uint8Array;
  /** Voxel count per label value (index = value), so the page need not scan the labelmap again. */
  counts: number[];
  /** Centre of each label in world coordinates (LPS, mm), null where absent; index = value. May be empty. */
  centres: Array<Point3 | null>;
  backend: 'webgpu' | 'wasm';
  wasmThreads: number;
  timings: StageTiming[];
  /** Metal found in the CT (ml 0 when none): the viewer warns that labels near it need review. */
  metal?: MetalReport;
}

/** The worker holds `livenessLock`: from now on the lock becoming free means the worker is gone. */
export interface AliveMessage {
  type: 'alive';
  runId: number;
}

export interface ErrorMessage {
  type: 'error';
  runId: number;
  code: WorkerErrorCode;
  message: string;
}

export type WorkerResponse = ProgressMessage | ResultMessage | ErrorMessage | AliveMessage;

/** The ArrayBuffers to transfer with a message (moves ownership instead of copying). */
export function transferablesOf(message: WorkerRequest | WorkerResponse): ArrayBuffer[] {
  if (message.type === 'run') return [message.volume.voxels.buffer as ArrayBuffer];
  if (message.type === 'result') return [message.labels.buffer as ArrayBuffer];
  return [];
}
