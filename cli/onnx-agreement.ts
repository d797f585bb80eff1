/**
 * tsx cli/onnx-agreement.ts [--model <dir>]
 * Runs the model on one deterministic input in onnxruntime-node and in onnxruntime-web (wasm backend, 1 thread)
 * and prints the largest logit difference and the argmax agreement as JSON. A separate process because jest's
 * sandbox breaks onnxruntime-node's typed-array checks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { DEFAULT_MODEL_DIR, loadModelConfig } from './model/load-model';
import { exitWithError } from './one-line-error';

/** A CT-like pattern (air, soft tissue, a bright rod) with a fixed pseudo-random texture, normalised as HU/1000. */
export function deterministicInput(shape: [number, number, number]): Float32Array {
  const [d, h, w] = shape;
  const x = new Float32Array(d * h * w);
  let seed = 12345;
  for (let z = 0, i = 0; z < d; z++)
    for (let y = 0; y < h; y++)
      for (let xx = 0; xx < w; xx++, i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        const body = Math.hypot(y - h / 2, xx - w / 2) < w * 0.45;
        const rod = Math.hypot(y - h / 2, xx - w / 3) < 4;
        const hu = !body ? -1000 : rod ? 1200 : 40;
        x[i] = (hu + ((seed % 200) - 100)) / 1000;
      }
  return x;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { model: { type: 'string' } } });
  const { config, onnxPath } = await loadModelConfig(values.model ?? DEFAULT_MODEL_DIR);
  const shape: [number, number, number] = [32, 48, 48];
  const input = deterministicInput(shape);
  const dims = [1, 1, ...shape];

  const nodeSession = await ortNode.InferenceSession.create(onnxPath, { intraOpNumThreads: 1 });
  const nodeOut = (await nodeSession.run({ [nodeSession.inputNames[0]]: new ortNode.Tensor('float32', input, dims) }))[
    nodeSession.outputNames[0]
  ].data as Float32Array;
  await nodeSession.release();

  ortWeb.env.wasm.numThreads = 1;
  const webSession = await ortWeb.InferenceSession.create(new Uint8Array(readFileSync(onnxPath)), { executionProviders: ['wasm'] });
  const webOut = (await webSession.run({ [webSession.inputNames[0]]: new ortWeb.Tensor('float32', input, dims) }))[
    webSession.outputNames[0]
  ].data as Float32Array;
  await webSession.release();

  const C = config.classes.length;
  const n = shape[0] * shape[1] * shape[2];
  let maxAbsDiff = 0;
  let agree = 0;
  const classCounts = new Array<number>(C).fill(0);
  for (let i = 0; i < n; i++) {
    let a = 0;
    let b = 0;
    for (let c = 0; c < C; c++) {
      maxAbsDiff = Math.max(maxAbsDiff, Math.abs(nodeOut[c * n + i] - webOut[c * n + i]));
      if (nodeOut[c * n + i] > nodeOut[a * n + i]) a = c;
      if (webOut[c * n + i] > webOut[b * n + i]) b = c;
    }
    if (a === b) agree++;
    classCounts[a]++;
  }
  process.stdout.write(
    JSON.stringify({ model: join(onnxPath), shape, nodeValues: nodeOut.length, webValues: webOut.length, expectedValues: C * n, maxAbsDiff, argmaxAgreement: agree / n, nodeArgmaxClassCounts: classCounts }) + '\n',
  );
}

if (require.main === module) main().catch(exitWithError);
