/** The network's input scaling, from model.json: (clamp(HU, lo, hi) - center) / scale, in place. */
import type { ModelConfig } from './model-config';

export function normalizeInPlace(values: Float32Array, n: ModelConfig['normalization']): Float32Array {
  const [lo, hi] = n.clip;
  const inv = 1 / n.scale;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] < lo ? lo : values[i] > hi ? hi : values[i];
    values[i] = (v - n.center) * inv;
  }
  return values;
}

export function normalizedValue(hu: number, n: ModelConfig['normalization']): number {
  return (Math.min(n.clip[1], Math.max(n.clip[0], hu)) - n.center) / n.scale;
}
