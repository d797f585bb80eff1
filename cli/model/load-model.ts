/** Finds and parses a model folder (model.json + the .onnx it names). */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ModelConfigError } from '../../extensions/bone-segmentation/src/core/errors';
import { parseModelConfig, type ModelConfig } from '../../extensions/bone-segmentation/src/core/model-config';
import { verifyModelBytes } from '../../extensions/bone-segmentation/src/core/model-integrity';

/** npm scripts run from the repository root. */
export const DEFAULT_MODEL_DIR = resolve('models/bone-coarse');

/** model.json and the verified bytes of its network file (refused when they do not match its sha256). */
export async function loadModelConfig(dir: string): Promise<{ config: ModelConfig; onnxPath: string; onnxBytes: Uint8Array }> {
  let text: string;
  try {
    text = await readFile(join(dir, 'model.json'), 'utf8');
  } catch {
    throw new ModelConfigError(`No model.json in ${dir}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ModelConfigError(`${join(dir, 'model.json')} is not valid JSON.`);
  }
  const config = parseModelConfig(json);
  const onnxPath = join(dir, config.onnx);
  let onnxBytes: Uint8Array;
  try {
    onnxBytes = new Uint8Array(await readFile(onnxPath));
  } catch {
    throw new ModelConfigError(`The model file ${onnxPath} named in model.json cannot be read.`);
  }
  verifyModelBytes(onnxBytes, config);
  return { config, onnxPath, onnxBytes };
}
