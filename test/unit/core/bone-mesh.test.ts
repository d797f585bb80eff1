/**
 * The core's mesher on shapes with known answers: closed and edge-manifold with consistent outward winding, the
 * voxels' volume kept within 3 %, the extent within 2 mm, no slice staircase left, patient (LPS) coordinates for
 * any grid orientation, and the triangle budget respected. Plus the binary STL round trip.
 */
import { boneMesh } from '../../../extensions/bone-segmentation/src/core/mesh/bone-mesh';
import { edgeDefects, meshBounds, meshVolume } from '../../../extensions/bone-segmentation/src/core/mesh/mesh-ops';
import type { Geometry } from '../../../extensions/bone-segmentation/src/core/mesh/smooth-field';
import { decodeBinaryStl, encodeBinaryStl } from '../../../extensions/bone-segmentation/src/core/mesh/stl';

/** A ball of `radius` mm centred at LPS `centre`, labelled `value` on the given grid. */
function ball(geometry: Geometry, centre: number[], radius: number, value = 3): { labels: Uint8Array; voxels: number } {
  const { dims, spacing, direction: d, origin } = geometry;
  const labels = new Uint8Array(dims[0] * dims[1] * dims[2]);
  let voxels = 0;
  for (let k = 0, p = 0; k < dims[2]; k++) {
    for (let j = 0; j < dims[1]; j++) {
      for (let i = 0; i < dims[0]; i++, p++) {
        const w = [0, 1, 2].map((r) => origin[r] + d[r] * spacing[0] * i + d[3 + r] * spacing[1] * j + d[6 + r] * spacing[2] * k);
        if (Math.hypot(w[0] - centre[0], w[1] - centre[1], w[2] - centre[2]) <= radius) {
          labels[p] = value;
          voxels++;
        }
      }
    }
  }
  return { labels, voxels };
}

function radialSpread(positions: Float32Array, centre: number[]): { mean: number; sd: number; maxDeviation: number } {
  const r: number[] = [];
  for (let i = 0; i < positions.length; i += 3) r.push(Math.hypot(positions[i] - centre[0], positions[i + 1] - centre[1], positions[i + 2] - centre[2]));
  const mean = r.reduce((a, b) => a + b, 0) / r.length;
  const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / r.length);
  return { mean, sd, maxDeviation: Math.max(...r.map((x) => Math.abs(x - mean))) };
}

const axial: Geometry = { dims: [50, 50, 17], spacing: [1, 1, 3], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], origin: [-25, -25, 100] };

describe('bone surfaces from labels', () => {
  it('a ball on 3 mm slices: closed, outward, its voxel volume within 3 %, extent within 2 mm, no staircase', () => {
    const centre = [0, 0, 124];
    const { labels, voxels } = ball(axial, centre, 15);
    const mesh = boneMesh(labels, axial, 3)!;
    expect(edgeDefects(mesh)).toEqual({ nonManifoldEdges: 0, misorientedEdges: 0 });
    const voxelVolume = voxels * 3;
    expect(Math.abs(meshVolume(mesh) / voxelVolume - 1)).toBeLessThan(0.03);
    const { min, max } = meshBounds(mesh);
    for (let a = 0; a < 3; a++) {
      expect(Math.abs(min[a] - (centre[a] - 15))).toBeLessThan(2);
      expect(Math.abs(max[a] - (centre[a] + 15))).toBeLessThan(2);
    }
    // The 3 mm slices would leave terraces of up to 1.5 mm; the surface stays within 0.5 mm (sd) of the sphere.
    const spread = radialSpread(mesh.positions, centre);
    expect(spread.sd).toBeLessThan(0.5);
    expect(Math.abs(spread.mean - 15)).toBeLessThan(0.5);
  });

  it('is in patient coordinates (LPS mm) for a rotated, mirrored grid, with normals still pointing out', () => {
    const c = Math.cos(0.4);
    const s = Math.sin(0.4);
    // Axis i along -x rotated about z, axis j rotated, k along -z: a left-handed (mirrored) grid.
    const geometry: Geometry = { dims: [40, 40, 40], spacing: [0.9, 0.9, 1.2], direction: [-c, -s, 0, -s, c, 0, 0, 0, -1], origin: [30, -10, 60] };
    const centre = [30 - 18 * c - 18 * s, -10 - 18 * s + 18 * c, 60 - 24];
    const { labels, voxels } = ball(geometry, centre, 9, 7);
    const mesh = boneMesh(labels, geometry, 7)!;
    expect(edgeDefects(mesh)).toEqual({ nonManifoldEdges: 0, misorientedEdges: 0 });
    expect(meshVolume(mesh)).toBeGreaterThan(0);
    expect(Math.abs(meshVolume(mesh) / (voxels * 0.9 * 0.9 * 1.2) - 1)).toBeLessThan(0.03);
    const { min, max } = meshBounds(mesh);
    for (let a = 0; a < 3; a++) expect(Math.abs((min[a] + max[a]) / 2 - centre[a])).toBeLessThan(0.5);
  });

  it('meets a triangle budget by sampling coarser, still closed and volume-true', () => {
    const big: Geometry = { dims: [60, 60, 60], spacing: [0.8, 0.8, 0.8], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], origin: [0, 0, 0] };
    const { labels, voxels } = ball(big, [24, 24, 24], 20, 1);
    const full = boneMesh(labels, big, 1)!;
    const budget = Math.floor(full.triangles.length / 6);
    const mesh = boneMesh(labels, big, 1, { maxTriangles: budget })!;
    expect(mesh.triangles.length / 3).toBeLessThanOrEqual(budget);
    expect(mesh.stepMm).toBeGreaterThan(full.stepMm);
    expect(edgeDefects(mesh)).toEqual({ nonManifoldEdges: 0, misorientedEdges: 0 });
    expect(Math.abs(meshVolume(mesh) / (voxels * 0.8 ** 3) - 1)).toBeLessThan(0.03);
  });

  it('gives null for a label that is absent, and a separate closed surface per label', () => {
    const { labels } = ball(axial, [0, 0, 124], 10, 5);
    expect(boneMesh(labels, axial, 6)).toBeNull();
    expect(boneMesh(labels, axial, 5)).not.toBeNull();
  });

  it('round-trips through binary STL with the frame in the header and every edge shared by two triangles', () => {
    const { labels } = ball(axial, [0, 0, 124], 12);
    const mesh = boneMesh(labels, axial, 3)!;
    const bytes = encodeBinaryStl(mesh, 'tibia_left (model test 1)');
    expect(bytes.length).toBe(84 + 50 * (mesh.triangles.length / 3));
    const back = decodeBinaryStl(bytes);
    expect(back.header).toMatch(/^mm, DICOM LPS patient coords; tibia_left/);
    expect(back.triangles.length).toBe(mesh.triangles.length);
    expect(edgeDefects(back)).toEqual({ nonManifoldEdges: 0, misorientedEdges: 0 });
    expect(meshVolume(back)).toBeCloseTo(meshVolume(mesh), 0);
  });
});
