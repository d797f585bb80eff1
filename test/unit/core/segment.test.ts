import { segmentBones } from '../../../extensions/bone-segmentation/src/core/segment';
import { intensityRunner, phantomVolume, TEST_CONFIG } from './phantom';

function dice(a: Uint8Array, b: Uint8Array, value: number): number {
  let inter = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] === value;
    const y = b[i] === value;
    if (x) na++;
    if (y) nb++;
    if (x && y) inter++;
  }
  return (2 * inter) / (na + nb);
}

describe('segmentBones on a phantom', () => {
  it.each(['LPS', 'RAS'] as const)('recovers both femurs with the patient sides and the sacrum (%s storage)', async (storage) => {
    const { volume, truth } = phantomVolume(storage);
    const result = await segmentBones(volume, intensityRunner(), TEST_CONFIG);
    expect(result.labels.length).toBe(truth.length);
    for (const value of [1, 2, 11]) expect(dice(result.labels, truth, value)).toBeGreaterThan(0.98);
    expect(result.sides.rule).toBe('sacrum centre');
    // Counts agree with the labelmap.
    expect(result.counts[1]).toBe(result.labels.filter((l) => l === 1).length);
    expect(result.volumesMl[1]).toBeCloseTo((result.counts[1] * 2 * 2 * 4) / 1000, 6);
  });

  it('gives the same anatomical labels for LPS and RAS storage of the same patient', async () => {
    const lps = await segmentBones(phantomVolume('LPS').volume, intensityRunner(), TEST_CONFIG);
    const ras = await segmentBones(phantomVolume('RAS').volume, intensityRunner(), TEST_CONFIG);
    // Map the RAS result back to LPS order and compare voxel by voxel.
    const [nx, ny, nz] = phantomVolume('LPS').volume.dims;
    let same = 0;
    for (let z = 0; z < nz; z++)
      for (let y = 0; y < ny; y++)
        for (let x = 0; x < nx; x++)
          if (lps.labels[x + y * nx + z * nx * ny] === ras.labels[nx - 1 - x + (ny - 1 - y) * nx + z * nx * ny]) same++;
    expect(same).toBe(nx * ny * nz);
  });

  it('reports progress in order up to 1 and stops with an AbortError when cancelled', async () => {
    const { volume } = phantomVolume('LPS');
    const fractions: number[] = [];
    await segmentBones(volume, intensityRunner(), TEST_CONFIG, { onProgress: (p) => fractions.push(p.fraction) });
    expect(fractions[fractions.length - 1]).toBe(1);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);

    const controller = new AbortController();
    const run = segmentBones(volume, intensityRunner(), TEST_CONFIG, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.stage === 'inference') controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('finds nothing in a scan without bone', async () => {
    const { volume } = phantomVolume('LPS');
    const soft = { ...volume, voxels: (volume.voxels as Int16Array).map((v) => (v > 100 ? 40 : v)) };
    const result = await segmentBones(soft, intensityRunner(), TEST_CONFIG);
    expect(result.counts.slice(1).every((c) => c === 0)).toBe(true);
  });
});
