/**
 * `npm run segment -- --stl <folder>` on the synthetic knees: one binary STL per bone found, named by label, each
 * read back and checked against the labelmap written beside it (closed and edge-manifold, volume within 3 %,
 * extent within 2 mm, triangle budget).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readNifti } from '../../../cli/io/nifti';
import { LABELS } from '../../../extensions/bone-segmentation/src/core/label-table';
import { DEFAULT_BONE_MESH } from '../../../extensions/bone-segmentation/src/core/mesh/bone-mesh';
import { edgeDefects, meshBounds, meshVolume } from '../../../extensions/bone-segmentation/src/core/mesh/mesh-ops';
import { decodeBinaryStl } from '../../../extensions/bone-segmentation/src/core/mesh/stl';

const TSX = resolve('node_modules/.bin/tsx');

/** LPS extent of a label: its voxel centres' extremes, widened by half a voxel (the voxels' faces). */
function labelExtent(labels: Uint8Array, v: Awaited<ReturnType<typeof readNifti>>['volume'], value: number) {
  const { dims, spacing, direction: d, origin } = v;
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let k = 0, p = 0; k < dims[2]; k++) {
    for (let j = 0; j < dims[1]; j++) {
      for (let i = 0; i < dims[0]; i++, p++) {
        if (labels[p] !== value) continue;
        for (const [di, dj, dk] of [[-0.5, -0.5, -0.5], [0.5, 0.5, 0.5]]) {
          for (let r = 0; r < 3; r++) {
            const w = origin[r] + d[r] * spacing[0] * (i + di) + d[3 + r] * spacing[1] * (j + dj) + d[6 + r] * spacing[2] * (k + dk);
            min[r] = Math.min(min[r], w);
            max[r] = Math.max(max[r], w);
          }
        }
      }
    }
  }
  return { min, max };
}

describe('npm run segment --stl', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'stl-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one closed, volume-true binary STL per bone found, in LPS mm, named by label', async () => {
    const output = join(dir, 'labels.nii.gz');
    const stl = join(dir, 'stl');
    const r = spawnSync(TSX, ['cli/segment.ts', '--input', 'sample-data/synthetic-patient-knees.nii.gz', '--output', output, '--stl', stl, '--report', join(dir, 'report.json')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const { volume } = await readNifti(output);
    const labels = Uint8Array.from(volume.voxels);
    const voxelMm3 = volume.spacing[0] * volume.spacing[1] * volume.spacing[2];
    const counts = new Map<number, number>();
    for (const x of labels) if (x) counts.set(x, (counts.get(x) ?? 0) + 1);
    const expected = LABELS.filter((l) => counts.has(l.value)).map((l) => `${l.name}.stl`).sort();
    expect(expected.length).toBeGreaterThanOrEqual(6);
    expect(readdirSync(stl).sort()).toEqual(expected);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.stl.map((s: { label: string }) => `${s.label}.stl`).sort()).toEqual(expected);
    for (const label of LABELS.filter((l) => counts.has(l.value))) {
      const mesh = decodeBinaryStl(new Uint8Array(readFileSync(join(stl, `${label.name}.stl`))));
      expect(mesh.header).toContain('DICOM LPS');
      expect([label.name, edgeDefects(mesh)]).toEqual([label.name, { nonManifoldEdges: 0, misorientedEdges: 0 }]);
      const ratio = meshVolume(mesh) / (counts.get(label.value)! * voxelMm3);
      expect([label.name, Math.abs(ratio - 1) < 0.03]).toEqual([label.name, true]);
      expect(mesh.triangles.length / 3).toBeLessThanOrEqual(DEFAULT_BONE_MESH.maxTriangles);
      const extent = labelExtent(labels, volume, label.value);
      const bounds = meshBounds(mesh);
      for (let a = 0; a < 3; a++) {
        expect([label.name, a, Math.abs(bounds.min[a] - extent.min[a]) < 2, Math.abs(bounds.max[a] - extent.max[a]) < 2]).toEqual([label.name, a, true, true]);
      }
    }
  }, 120_000);

  it('refuses an --stl folder inside the input DICOM folder or under a missing parent, before the run', () => {
    const r = spawnSync(TSX, ['cli/segment.ts', '--input', 'sample-data/synthetic-patient-knees.nii.gz', '--output', join(dir, 'x.nii.gz'), '--stl', join(dir, 'missing', 'deeper')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--stl .* is not a folder that exists or can be created/);
  });
});
