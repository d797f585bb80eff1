/** Reads an input, runs the core with onnxruntime-node, and records every stage: shared by segment and bench. */
import { LABELS } from '../extensions/bone-segmentation/src/core/label-table';
import { segmentBones, type SegmentationResult } from '../extensions/bone-segmentation/src/core/segment';
import { readInput, type LoadedInput } from './io/read-input';
import { loadModelConfig } from './model/load-model';
import { createNodeRunner } from './model/ort-node-runner';
import { StageMonitor } from './stage-monitor';

export interface NodeRunOptions {
  input: string;
  modelDir: string;
  threads: number;
  assumeOrientation?: boolean;
  onProgress?: (stage: string, fraction: number) => void;
}

export interface LabelReport {
  value: number;
  name: string;
  displayName: string;
  voxels: number;
  ml: number;
}

export interface NodeRun {
  loaded: LoadedInput;
  result: SegmentationResult;
  monitor: StageMonitor;
  labels: LabelReport[];
  /** "name version" of the model that made the labels. */
  modelVersion: string;
}

export async function runNodeSegmentation(opts: NodeRunOptions): Promise<NodeRun> {
  const monitor = new StageMonitor();
  monitor.start('read input');
  const loaded = await readInput(opts.input, { assumeOrientation: opts.assumeOrientation });
  monitor.start('load model');
  const { config, onnxBytes } = await loadModelConfig(opts.modelDir);
  const runner = await createNodeRunner(onnxBytes, opts.threads);
  try {
    const result = await segmentBones(loaded.volume, runner, config, {
      onStage: (stage) => monitor.start(stage),
      onProgress: (p) => {
        monitor.sample();
        opts.onProgress?.(p.stage, p.fraction);
      },
    });
    monitor.end();
    const labels = LABELS.filter((l) => l.value > 0).map((l) => ({
      value: l.value,
      name: l.name,
      displayName: l.displayName,
      voxels: result.counts[l.value],
      ml: Math.round(result.volumesMl[l.value] * 100) / 100,
    }));
    return { loaded, result, monitor, labels, modelVersion: `${config.name} ${config.version}` };
  } finally {
    await runner.release();
  }
}
