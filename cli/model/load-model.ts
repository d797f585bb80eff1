/** Finds and parses a model folder (model.json + the .onnx it names). */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ModelConfigError } from '../../extensions/bone-segmentation/src/core/errors';
import { parseModelConfig, type ModelConfig } from '../../extensions/bone-segmentation/src/core/model-config';

/** npm scripts run from the repository root. */
export const DEFAULT_MODEL_DIR = resolve('models/bone-coarse');

export async function loadModelConfig(dir: string): Promise<{ config: ModelConfig; onnxPath: string }> {
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
  return { config, onnxPath: join(dir, config.onnx) };
}
