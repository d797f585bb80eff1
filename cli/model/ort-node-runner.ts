/** ModelRunner on onnxruntime-node (CPU). The core stays unaware of which runtime executes the network. */
import * as ort from 'onnxruntime-node';
import type { ModelRunner } from '../../extensions/bone-segmentation/src/core/types';

export interface NodeRunner extends ModelRunner {
  release(): Promise<void>;
}

/** `model` is the verified bytes of the network (see loadModelConfig), or a path for tools that load their own. */
export async function createNodeRunner(model: string | Uint8Array, threads = 2): Promise<NodeRunner> {
  const options: ort.InferenceSession.SessionOptions = {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  };
  const session = typeof model === 'string' ? await ort.InferenceSession.create(model, options) : await ort.InferenceSession.create(model, options);
  const inputName = session.inputNames[0];
  const outputName = session.outputNames[0];
  return {
    async run(input: Float32Array, shape: [number, number, number]): Promise<Float32Array> {
      const tensor = new ort.Tensor('float32', input, [1, 1, ...shape]);
      const out = await session.run({ [inputName]: tensor });
      const logits = out[outputName];
      const data = logits.data as Float32Array;
      tensor.dispose?.();
      return data;
    },
    release: () => session.release(),
  };
}
