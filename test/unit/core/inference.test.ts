import { planWindows, predictProbabilities } from '../../../extensions/bone-segmentation/src/core/inference';
import type { ModelRunner } from '../../../extensions/bone-segmentation/src/core/types';
import { TEST_CONFIG } from './phantom';

/** A per-voxel function of the input: its result must not depend on how the volume is cut into windows. */
const perVoxelRunner: ModelRunner = {
  async run(input) {
    const n = input.length;
    const C = TEST_CONFIG.classes.length;
    const out = new Float32Array(C * n);
    for (let i = 0; i < n; i++) for (let c = 0; c < C; c++) out[c * n + i] = Math.sin(input[i] * (c + 1));
    return out;
  },
};

describe('sliding window', () => {
  it('runs one pass when the padded volume fits, windows with overlap otherwise', () => {
    expect(planWindows([30, 30, 30], TEST_CONFIG)).toHaveLength(1);
    const windows = planWindows([100, 30, 30], TEST_CONFIG);
    expect(windows.length).toBe(2);
    expect(windows[0].size).toEqual([64, 32, 32]);
    expect(windows[1].start[0] + 64).toBe(100);
    expect(windows[0].start[0] + 64 - windows[1].start[0]).toBeGreaterThanOrEqual(16);
  });

  it('blends overlapping windows to the same probabilities as a single pass', async () => {
    const dims: [number, number, number] = [100, 20, 12];
    const input = Float32Array.from({ length: 100 * 20 * 12 }, (_, i) => ((i * 7919) % 1000) / 500 - 1);
    const shapes: number[][] = [];
    const counting: ModelRunner = { run: (x, s) => (shapes.push(s), perVoxelRunner.run(x, s)) };
    const windowed = await predictProbabilities(input, dims, -1, counting, TEST_CONFIG);
    const single = await predictProbabilities(input, dims, -1, perVoxelRunner, { ...TEST_CONFIG, maxInputShape: [64, 64, 128] });
    expect(shapes.length).toBeGreaterThan(1);
    let worst = 0;
    for (let i = 0; i < single.length; i++) worst = Math.max(worst, Math.abs(single[i] - windowed[i]));
    expect(worst).toBeLessThan(1e-5);
    // Probabilities sum to 1 per voxel.
    const n = input.length;
    const s = Array.from({ length: 7 }, (_, c) => windowed[c * n + 123]).reduce((a, b) => a + b, 0);
    expect(s).toBeCloseTo(1, 5);
  });
});
