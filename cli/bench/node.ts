/** The Node target: the same pipeline as `npm run segment`, in this process, with onnxruntime-node on the CPU. */
import { cpus } from 'node:os';
import { runNodeSegmentation } from '../run-node-segmentation';

export interface BenchOptions {
  input: string;
  modelDir: string;
  threads: number;
}

export async function benchNode(opts: BenchOptions): Promise<object> {
  const run = await runNodeSegmentation(opts);
  const summary = run.monitor.summary();
  return {
    target: 'node',
    input: opts.input,
    dims: run.loaded.volume.dims,
    spacing: run.loaded.volume.spacing,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, ortThreads: opts.threads },
    ...summary,
    labels: Object.fromEntries(run.labels.filter((l) => l.voxels > 0).map((l) => [l.name, l.ml])),
  };
}
