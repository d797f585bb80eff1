/**
 * Runs the coarse network over an LPS-ordered, normalised volume: one pass when the padded volume fits
 * maxInputShape, else overlapping windows blended with weights that fall off towards window edges (a window's
 * border voxels see less context). Returns class probabilities (softmax), channel-major, on the input grid.
 */
import { throwIfAborted } from './errors';
import type { ModelConfig } from './model-config';
import type { Dims } from './orientation';
import type { ModelRunner } from './types';

export interface Window {
  /** LPS voxel start (x, y, z) of the window in the padded volume. */
  start: [number, number, number];
  /** LPS size (x, y, z). */
  size: [number, number, number];
}

export function paddedDims(dims: Dims, multiple: number): Dims {
  return dims.map((d) => Math.ceil(d / multiple) * multiple) as Dims;
}

/** Window starts along one axis: evenly spread so that neighbours overlap by at least `overlap` of a window. */
function axisStarts(length: number, window: number, overlap: number): number[] {
  if (length <= window) return [0];
  const step = Math.max(1, Math.floor(window * (1 - overlap)));
  const count = Math.ceil((length - window) / step) + 1;
  return Array.from({ length: count }, (_, i) => Math.round((i * (length - window)) / (count - 1)));
}

export function planWindows(dims: Dims, config: ModelConfig): Window[] {
  const padded = paddedDims(dims, config.sizeMultiple);
  const maxLps: Dims = [config.maxInputShape[2], config.maxInputShape[1], config.maxInputShape[0]];
  const size = padded.map((p, a) => Math.min(p, maxLps[a])) as Dims;
  const starts = [0, 1, 2].map((a) => axisStarts(padded[a], size[a], config.windowOverlap));
  const windows: Window[] = [];
  for (const z of starts[2]) for (const y of starts[1]) for (const x of starts[0]) windows.push({ start: [x, y, z], size });
  return windows;
}

/** Blending weight along one window axis: 1 in the middle, down to 0.1 at the edges (only when windows overlap). */
function rampWeights(size: number, needed: boolean): Float32Array {
  const w = new Float32Array(size).fill(1);
  if (!needed) return w;
  const ramp = Math.max(1, Math.floor(size / 4));
  for (let i = 0; i < ramp; i++) {
    const v = 0.1 + (0.9 * (i + 0.5)) / ramp;
    w[i] = Math.min(w[i], v);
    w[size - 1 - i] = Math.min(w[size - 1 - i], v);
  }
  return w;
}

export async function predictProbabilities(
  input: Float32Array,
  dims: Dims,
  padValue: number,
  runner: ModelRunner,
  config: ModelConfig,
  opts: { signal?: AbortSignal; onWindow?: (done: number, total: number) => void } = {},
): Promise<Float32Array> {
  const [nx, ny, nz] = dims;
  const n = nx * ny * nz;
  const C = config.classes.length;
  const windows = planWindows(dims, config);
  const multiple = windows.length > 1;
  const probs = new Float32Array(C * n);
  const weightSum = multiple ? new Float32Array(n) : null;
  for (let wi = 0; wi < windows.length; wi++) {
    throwIfAborted(opts.signal);
    const { start, size } = windows[wi];
    const [wx, wy, wz] = size;
    const m = wx * wy * wz;
    const patch = new Float32Array(m).fill(padValue);
    for (let z = 0; z < wz; z++) {
      const gz = start[2] + z;
      if (gz >= nz) break;
      for (let y = 0; y < wy; y++) {
        const gy = start[1] + y;
        if (gy >= ny) break;
        const x1 = Math.min(wx, nx - start[0]);
        if (x1 <= 0) continue;
        const src = gz * nx * ny + gy * nx + start[0];
        patch.set(input.subarray(src, src + x1), z * wx * wy + y * wx);
      }
    }
    const logits = await runner.run(patch, [wz, wy, wx]);
    throwIfAborted(opts.signal);
    if (logits.length !== C * m)
      throw new Error(`The model returned ${logits.length} values; expected ${C} classes x ${m} voxels.`);
    const rx = rampWeights(wx, multiple);
    const ry = rampWeights(wy, multiple);
    const rz = rampWeights(wz, multiple);
    for (let z = 0; z < wz; z++) {
      const gz = start[2] + z;
      if (gz >= nz) break;
      for (let y = 0; y < wy; y++) {
        const gy = start[1] + y;
        if (gy >= ny) break;
        for (let x = 0; x < wx; x++) {
          const gx = start[0] + x;
          if (gx >= nx) break;
          const q = z * wx * wy + y * wx + x;
          const g = gz * nx * ny + gy * nx + gx;
          // Softmax over channels, numerically stable.
          let max = -Infinity;
          for (let c = 0; c < C; c++) if (logits[c * m + q] > max) max = logits[c * m + q];
          let sum = 0;
          for (let c = 0; c < C; c++) sum += Math.exp(logits[c * m + q] - max);
          const w = multiple ? rx[x] * ry[y] * rz[z] : 1;
          const scale = w / sum;
          for (let c = 0; c < C; c++) probs[c * n + g] += Math.exp(logits[c * m + q] - max) * scale;
          if (weightSum) weightSum[g] += w;
        }
      }
    }
    opts.onWindow?.(wi + 1, windows.length);
  }
  if (weightSum) for (let c = 0; c < C; c++) for (let g = 0; g < n; g++) probs[c * n + g] /= weightSum[g];
  return probs;
}

/** Argmax over channels of a channel-major probability array. */
export function argmaxClasses(probs: Float32Array, classes: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let g = 0; g < n; g++) {
    let best = 0;
    let bestP = probs[g];
    for (let c = 1; c < classes; c++) {
      const p = probs[c * n + g];
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    out[g] = best;
  }
  return out;
}
