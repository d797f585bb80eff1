/**
 * One click of "Segment bones", start to end: check the series, read the CT, run the model off the main thread, and
 * only then add a NEW segmentation. Any failure or Cancel before that last step leaves the viewer as it was; a
 * failure during it removes the half-made segmentation. Talks to the viewer only through `BoneSegmentationHost`
 * (ohifHost.ts), so every path here is unit-testable.
 */
import { metalWarning } from '../core/metal';
import type { CtVolume } from '../core/types';
import type { ResultMessage, WorkerErrorCode } from '../worker/protocol';
import { bonesFound, describeBones, SEGMENTATION_LABEL, type BoneSegment } from './boneSegments';
import { checkSeries, type SeriesFacts, type SeriesProblem } from './seriesChecks';

export type NoticeKind = 'info' | 'success' | 'warning' | 'error';

export interface ProgressHandle {
  update(stage: string, fraction: number): void;
  close(): void;
}

/** The active series as the host sees it; `target` is opaque to the controller. */
export interface ActiveSeries<T = unknown> {
  target: T;
  facts: SeriesFacts;
}

export interface BoneSegmentationHost<T = unknown> {
  activeSeries(): ActiveSeries<T> | undefined;
  readVolume(target: T, signal: AbortSignal): Promise<CtVolume>;
  /** Creates the segmentation and shows it; on failure it must leave no segmentation behind. */
  createSegmentation(target: T, labels: Uint8Array, segments: BoneSegment[]): Promise<string>;
  notify(kind: NoticeKind, title: string, message: string): void;
  showProgress(onCancel: () => void): ProgressHandle;
}

export type RunModel = (
  volume: CtVolume,
  options: { onProgress: (stage: string, fraction: number) => void; signal: AbortSignal },
) => Promise<ResultMessage>;

export type RunOutcome =
  | { status: 'done'; segmentationId: string; segments: BoneSegment[]; result: Omit<ResultMessage, 'labels'>; readMs: number; writeMs: number }
  | { status: 'busy' }
  | { status: 'no-series' }
  | { status: 'rejected'; problem: SeriesProblem | 'invalid-input'; message: string }
  | { status: 'no-bones' }
  | { status: 'cancelled' }
  | { status: 'failed'; code: WorkerErrorCode | 'read-failed' | 'write-failed'; message: string };

const TITLE = 'Segment bones';
export const NO_BONES_MESSAGE = 'No lower-limb bones found in this series, so no segmentation was created.';
export const BUSY_MESSAGE = 'Bone segmentation is already running. Wait for it to finish or cancel it first.';
export const CANCELLED_MESSAGE = 'Bone segmentation was cancelled. Nothing was changed.';

/** Shares of the progress bar: reading the volume, the worker (model + core), writing the labelmap. */
const READ_END = 0.05;
const WORK_END = 0.97;

function errorCode(error: unknown): WorkerErrorCode | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? (code as WorkerErrorCode) : undefined;
}

const text = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class BoneSegmentationController<T = unknown> {
  private running: AbortController | null = null;

  constructor(
    private readonly host: BoneSegmentationHost<T>,
    private readonly runModel: RunModel,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get isRunning(): boolean {
    return this.running !== null;
  }

  async run(): Promise<RunOutcome> {
    if (this.running) {
      this.host.notify('info', TITLE, BUSY_MESSAGE);
      return { status: 'busy' };
    }
    const active = this.host.activeSeries();
    if (!active) {
      this.host.notify('warning', TITLE, 'Open a CT series in a viewport first, then click Segment bones.');
      return { status: 'no-series' };
    }
    const check = checkSeries(active.facts);
    if (!check.ok) {
      this.host.notify('error', TITLE, check.message);
      return { status: 'rejected', problem: check.problem, message: check.message };
    }

    const controller = new AbortController();
    this.running = controller;
    const progress = this.host.showProgress(() => controller.abort());
    try {
      return await this.segment(active.target, controller.signal, progress);
    } finally {
      progress.close();
      this.running = null;
    }
  }

  private async segment(target: T, signal: AbortSignal, progress: ProgressHandle): Promise<RunOutcome> {
    const cancelled = (): RunOutcome => {
      this.host.notify('info', TITLE, CANCELLED_MESSAGE);
      return { status: 'cancelled' };
    };

    progress.update('Reading the CT volume', 0);
    const readStart = this.now();
    let volume: CtVolume;
    try {
      volume = await this.host.readVolume(target, signal);
    } catch (error) {
      if (signal.aborted) return cancelled();
      const message = `The CT volume could not be read: ${text(error)}`;
      this.host.notify('error', TITLE, message);
      return { status: 'failed', code: 'read-failed', message };
    }
    const readMs = this.now() - readStart;
    if (signal.aborted) return cancelled();

    let result: ResultMessage;
    try {
      result = await this.runModel(volume, {
        signal,
        onProgress: (stage, fraction) => progress.update(stage, READ_END + (WORK_END - READ_END) * fraction),
      });
    } catch (error) {
      const code = errorCode(error) ?? 'failed';
      if (code === 'cancelled' || signal.aborted) return cancelled();
      if (code === 'invalid-input') {
        this.host.notify('error', TITLE, text(error));
        return { status: 'rejected', problem: 'invalid-input', message: text(error) };
      }
      const message =
        code === 'model-load-failed'
          ? `The bone model could not be loaded, so nothing was segmented. ${text(error)}`
          : `Bone segmentation failed: ${text(error)}`;
      this.host.notify('error', TITLE, message);
      return { status: 'failed', code, message };
    }
    // A Cancel that raced the worker's last message still wins: the user asked for nothing to change.
    if (signal.aborted) return cancelled();

    const segments = bonesFound(result.counts, result.centres);
    if (segments.length === 0) {
      this.host.notify('info', TITLE, NO_BONES_MESSAGE);
      return { status: 'no-bones' };
    }

    progress.update('Creating the labelmap', WORK_END);
    // From here on the work is short and must not be half-done: Cancel is no longer offered.
    progress.close();
    const writeStart = this.now();
    let segmentationId: string;
    try {
      segmentationId = await this.host.createSegmentation(target, result.labels, segments);
    } catch (error) {
      const message = `The segmentation could not be added to the viewer: ${text(error)}`;
      this.host.notify('error', TITLE, message);
      return { status: 'failed', code: 'write-failed', message };
    }
    const writeMs = this.now() - writeStart;
    this.host.notify('success', TITLE, `${SEGMENTATION_LABEL}: ${describeBones(segments)}.`);
    const metal = result.metal ? metalWarning(result.metal) : null;
    if (metal) this.host.notify('warning', TITLE, metal);
    const { labels: _labels, ...summary } = result;
    return { status: 'done', segmentationId, segments, result: summary, readMs, writeMs };
  }
}
