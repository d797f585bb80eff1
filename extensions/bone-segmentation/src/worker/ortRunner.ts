/**
 * The core's ModelRunner on onnxruntime (web in the worker; the Node package has the same API, which the unit tests
 * use). It tries the planned execution providers in order and falls back to wasm on any WebGPU error, at session
 * creation or at run time.
 */
import type * as Ort from 'onnxruntime-web';
import type { ModelRunner } from '../core/types';

/** The part of the onnxruntime module this runner needs (onnxruntime-web and onnxruntime-node both provide it). */
export type OrtModule = Pick<typeof Ort, 'InferenceSession' | 'Tensor'>;
export type Provider = 'webgpu' | 'wasm';

export class ModelLoadError extends Error {
  constructor(detail: string) {
    super(`The bone model could not be loaded: ${detail}`);
    this.name = 'ModelLoadError';
  }
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class OrtModelRunner implements ModelRunner {
  private constructor(
    private readonly ort: OrtModule,
    private readonly model: Uint8Array,
    private session: Ort.InferenceSession,
    private provider: Provider,
    private readonly log: (line: string) => void,
  ) {}

  /** The provider that ran (or will run) the last inference. */
  get backend(): Provider {
    return this.provider;
  }

  static async create(
    ort: OrtModule,
    model: Uint8Array,
    providers: readonly Provider[],
    log: (line: string) => void = () => undefined,
  ): Promise<OrtModelRunner> {
    const failures: string[] = [];
    for (const provider of providers) {
      try {
        const session = await OrtModelRunner.openSession(ort, model, provider);
        return new OrtModelRunner(ort, model, session, provider, log);
      } catch (error) {
        failures.push(`${provider}: ${message(error)}`);
        log(`onnxruntime ${provider} session failed, trying the next provider: ${message(error)}`);
      }
    }
    throw new ModelLoadError(failures.join('; ') || 'no execution provider was planned');
  }

  private static openSession(ort: OrtModule, model: Uint8Array, provider: Provider): Promise<Ort.InferenceSession> {
    return ort.InferenceSession.create(model, { executionProviders: [provider], graphOptimizationLevel: 'all' });
  }

  async run(input: Float32Array, shape: [number, number, number]): Promise<Float32Array> {
    try {
      return await this.runOnce(input, shape);
    } catch (error) {
      if (this.provider === 'wasm') throw error;
      // WebGPU can fail on a given driver or model op; the wasm result is the same model, only slower.
      this.log(`onnxruntime ${this.provider} run failed, falling back to wasm: ${message(error)}`);
      const previous = this.session;
      this.session = await OrtModelRunner.openSession(this.ort, this.model, 'wasm').catch((reason: unknown) => {
        throw new ModelLoadError(`wasm fallback: ${message(reason)}`);
      });
      this.provider = 'wasm';
      void previous.release().catch(() => undefined);
      return this.runOnce(input, shape);
    }
  }

  private async runOnce(input: Float32Array, shape: [number, number, number]): Promise<Float32Array> {
    const tensor = new this.ort.Tensor('float32', input, [1, 1, ...shape]);
    const inputName = this.session.inputNames[0];
    const outputName = this.session.outputNames[0];
    if (inputName === undefined || outputName === undefined) throw new ModelLoadError('the model has no input or output');
    const outputs = await this.session.run({ [inputName]: tensor });
    const output = outputs[outputName];
    if (!output) throw new Error(`onnxruntime returned no "${outputName}" output`);
    const data = output.location === 'cpu' || output.location === undefined ? output.data : await output.getData(true);
    if (!(data instanceof Float32Array)) throw new Error(`the model output is ${output.type}, expected float32 logits`);
    return data;
  }

  release(): Promise<void> {
    return this.session.release();
  }
}
