/**
 * The network file must be the one model.json describes: a corrupted download or a substituted file is refused
 * before it is used, in the browser worker and in the CLI alike.
 */
import { ModelConfigError } from './errors';
import type { ModelConfig } from './model-config';
import { sha256Hex } from './sha256';

export function verifyModelBytes(bytes: Uint8Array, config: Pick<ModelConfig, 'onnx' | 'sha256'>): void {
  if (!config.sha256) throw new ModelConfigError('model.json gives no sha256 for the network file, so it cannot be verified.');
  const actual = sha256Hex(bytes);
  if (actual !== config.sha256) {
    throw new ModelConfigError(
      `The model file ${config.onnx} does not match the sha256 in model.json (corrupted or substituted); nothing was segmented. Reinstall the plugin's model files.`,
    );
  }
}
