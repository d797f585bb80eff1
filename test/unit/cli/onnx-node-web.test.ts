/**
 * The network must give the same answer in the CLI (onnxruntime-node) and in the browser (onnxruntime-web, wasm).
 * Runs cli/onnx-agreement.ts in a child process (jest's sandbox breaks onnxruntime-node's typed-array checks).
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const MODEL_DIR = resolve(process.env.BONE_MODEL_DIR ?? 'models/bone-coarse');

describe('ONNX model: onnxruntime-node vs onnxruntime-web (wasm)', () => {
  it('gives the same logits and the same argmax on a deterministic input', () => {
    const out = execFileSync(resolve('node_modules/.bin/tsx'), ['cli/onnx-agreement.ts', '--model', MODEL_DIR], { encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').pop()!);
    expect(r.nodeValues).toBe(r.expectedValues);
    expect(r.webValues).toBe(r.expectedValues);
    expect(r.maxAbsDiff).toBeLessThan(0.05);
    expect(r.argmaxAgreement).toBeGreaterThanOrEqual(0.9999);
  }, 180_000);
});
