import { ModelLoadError, OrtModelRunner, type OrtModule, type Provider } from '../../../extensions/bone-segmentation/src/worker/ortRunner';

/**
 * An onnxruntime stand-in whose providers can be told to fail at session creation or at run time; the "network"
 * doubles its input so the output proves which data went through.
 */
function fakeOrt(fail: { create?: Provider[]; run?: Provider[] }) {
  const created: Provider[] = [];
  const released: Provider[] = [];
  class Tensor {
    constructor(readonly type: string, readonly data: Float32Array, readonly dims: number[]) {}
  }
  const InferenceSession = {
    async create(_model: Uint8Array, options: { executionProviders: Provider[] }) {
      const provider = options.executionProviders[0];
      created.push(provider);
      if (fail.create?.includes(provider)) throw new Error(`${provider} is not available`);
      return {
        inputNames: ['input'],
        outputNames: ['logits'],
        async run(feeds: Record<string, Tensor>) {
          if (fail.run?.includes(provider)) throw new Error(`${provider} kernel Conv3D failed`);
          const input = feeds.input;
          expect(input.dims).toEqual([1, 1, 2, 2, 2]);
          return { logits: { location: 'cpu', type: 'float32', data: input.data.map((x) => 2 * x) } };
        },
        async release() {
          released.push(provider);
        },
      };
    },
  };
  return { ort: { InferenceSession, Tensor } as unknown as OrtModule, created, released };
}

const input = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
const model = new Uint8Array([1]);

describe('OrtModelRunner', () => {
  it('runs on the first provider that opens', async () => {
    const { ort, created } = fakeOrt({});
    const runner = await OrtModelRunner.create(ort, model, ['webgpu', 'wasm']);
    expect(runner.backend).toBe('webgpu');
    expect(Array.from(await runner.run(input, [2, 2, 2]))).toEqual([2, 4, 6, 8, 10, 12, 14, 16]);
    expect(created).toEqual(['webgpu']);
  });

  it('falls back to wasm when WebGPU cannot open a session', async () => {
    const { ort, created } = fakeOrt({ create: ['webgpu'] });
    const log: string[] = [];
    const runner = await OrtModelRunner.create(ort, model, ['webgpu', 'wasm'], (l) => log.push(l));
    expect(runner.backend).toBe('wasm');
    expect(created).toEqual(['webgpu', 'wasm']);
    expect(log.join()).toContain('webgpu is not available');
  });

  it('falls back to wasm when a WebGPU run fails, reruns the same input, and stays on wasm', async () => {
    const { ort, created, released } = fakeOrt({ run: ['webgpu'] });
    const runner = await OrtModelRunner.create(ort, model, ['webgpu', 'wasm']);
    expect(Array.from(await runner.run(input, [2, 2, 2]))[7]).toBe(16);
    expect(runner.backend).toBe('wasm');
    await runner.run(input, [2, 2, 2]);
    expect(created).toEqual(['webgpu', 'wasm']);
    await new Promise((r) => setTimeout(r, 0));
    expect(released).toEqual(['webgpu']);
  });

  it('a wasm failure is not retried: it is the last resort', async () => {
    const { ort } = fakeOrt({ run: ['wasm'] });
    const runner = await OrtModelRunner.create(ort, model, ['wasm']);
    await expect(runner.run(input, [2, 2, 2])).rejects.toThrow('wasm kernel Conv3D failed');
  });

  it('no provider opening is a ModelLoadError naming each failure', async () => {
    const { ort } = fakeOrt({ create: ['webgpu', 'wasm'] });
    const error = await OrtModelRunner.create(ort, model, ['webgpu', 'wasm']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toMatch(/webgpu: webgpu is not available; wasm: wasm is not available/);
  });
});
