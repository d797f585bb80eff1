/**
 * The viewer's STL export without a browser: the labelmap read back from a Cornerstone-like host in patient
 * geometry (slices in any stored order), the mesh worker protocol in-process, and the stored zip read back.
 */
import type * as CornerstoneCore from '@cornerstonejs/core';
import { DISPLAY_BONE_MESH } from '../../../extensions/bone-segmentation/src/export/boneSurfaces';
import { answerMeshRequest } from '../../../extensions/bone-segmentation/src/worker/answerMeshRequest';
import { crc32, readStoreZip, storeZip } from '../../../extensions/bone-segmentation/src/export/storeZip';
import { edgeDefects, meshBounds, meshVolume } from '../../../extensions/bone-segmentation/src/core/mesh/mesh-ops';
import { decodeBinaryStl } from '../../../extensions/bone-segmentation/src/core/mesh/stl';
import type { OhifSegmentation } from '../../../extensions/bone-segmentation/src/ohif/hostServices';
import { readBonesLabelmap } from '../../../extensions/bone-segmentation/src/ohif/readBonesLabelmap';
import type { MeshRequest, MeshResponse } from '../../../extensions/bone-segmentation/src/worker/meshProtocol';
import { meshInWorker, surfacesInWorker, type MeshWorkerLike } from '../../../extensions/bone-segmentation/src/worker/meshWorkerClient';

const [nx, ny, nz] = [40, 36, 20];
const spacing = [0.8, 0.8, 2.5];

/** A ball of label 3 and a box of label 9 on a 40x36x20 grid whose slices are stored in reverse order. */
function fakeHost() {
  const slices: Uint8Array[] = [];
  for (let k = 0; k < nz; k++) {
    const s = new Uint8Array(nx * ny);
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const x = i * spacing[0], y = j * spacing[1], z = k * spacing[2];
        if (Math.hypot(x - 12, y - 14, z - 24) < 8) s[j * nx + i] = 3;
        if (i >= 28 && i < 36 && j >= 8 && j < 20 && k >= 4 && k < 14) s[j * nx + i] = 9;
      }
    }
    slices.push(s);
  }
  const order = slices.map((_, k) => nz - 1 - k);
  const refIds = order.map((k) => `ct:${k}`);
  const segIds = order.map((k) => `seg:${k}`);
  const cs = {
    metaData: {
      get: (_type: string, id: string) => {
        const k = Number(id.split(':')[1]);
        return { rowCosines: [1, 0, 0], columnCosines: [0, 1, 0], imagePositionPatient: [-10, 5, 100 + k * spacing[2]], rowPixelSpacing: spacing[1], columnPixelSpacing: spacing[0], rows: ny, columns: nx };
      },
    },
    cache: { getImage: (id: string) => ({ voxelManager: { getScalarData: () => slices[Number(id.split(':')[1])] } }) },
  } as unknown as typeof CornerstoneCore;
  const segmentation = {
    segmentationId: 'bones-ai-1',
    label: 'Bones (AI)',
    segments: { 3: { segmentIndex: 3, label: 'Tibia L' }, 9: { segmentIndex: 9, label: 'Hip L' } },
    representationData: { Labelmap: { imageIds: segIds, referencedImageIds: refIds } },
  } as unknown as OhifSegmentation;
  const voxels = (value: number) => slices.reduce((n, s) => n + s.filter((v) => v === value).length, 0);
  return { cs, segmentation, voxels };
}

function inProcessMeshWorker(): MeshWorkerLike {
  const worker: MeshWorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(message: MeshRequest, transfer) {
      const request = structuredClone(message, { transfer });
      setTimeout(() => {
        const { message: reply, transfer: back } = answerMeshRequest(request, () => undefined);
        worker.onmessage?.({ data: structuredClone(reply, { transfer: back }) } as MessageEvent<MeshResponse>);
      }, 0);
    },
    terminate() {},
  };
  return worker;
}

describe('STL export from the viewer', () => {
  it('reads the labelmap back on its grid in patient geometry, slices sorted along the normal', () => {
    const { cs, segmentation, voxels } = fakeHost();
    const grid = readBonesLabelmap(cs, segmentation);
    expect(grid.geometry.dims).toEqual([nx, ny, nz]);
    expect(grid.geometry.spacing).toEqual(spacing);
    expect(grid.geometry.origin).toEqual([-10, 5, 100]);
    expect(grid.geometry.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(grid.values).toEqual([3, 9]);
    expect(grid.labels.filter((v) => v === 3).length).toBe(voxels(3));
    // Slice z of the grid is the CT slice at 100 + 2.5 z mm: the box of label 9 starts at slice 4.
    expect(grid.labels[4 * nx * ny + 10 * nx + 30]).toBe(9);
    expect(grid.labels[3 * nx * ny + 10 * nx + 30]).toBe(0);
  });

  it('maps a loaded SEG\'s renumbered segments back to label values by their names', () => {
    const { cs, segmentation, voxels } = fakeHost();
    // As a SEG loads: Tibia L is segment 1 and Hip L segment 2, while the voxels hold 3 and 9 of our labelmap here;
    // the remap goes by name, so relabel the voxels as a loaded SEG would hold them first.
    const loaded = { ...segmentation, segments: { 1: { segmentIndex: 1, label: 'Tibia L' }, 2: { segmentIndex: 2, label: 'Hip L' } } } as unknown as typeof segmentation;
    const slices = (cs as unknown as { cache: { getImage(id: string): { voxelManager: { getScalarData(): Uint8Array } } } }).cache;
    for (let k = 0; k < nz; k++) {
      const data = slices.getImage(`seg:${k}`).voxelManager.getScalarData();
      for (let i = 0; i < data.length; i++) data[i] = data[i] === 3 ? 1 : data[i] === 9 ? 2 : data[i];
    }
    const grid = readBonesLabelmap(cs, loaded);
    expect(grid.values).toEqual([3, 9]);
    expect(grid.labels.filter((v) => v === 3).length).toBe(voxels(1));
    expect(grid.labels.filter((v) => v === 1 || v === 2).length).toBe(0);
  });

  it('meshes each bone in the worker and zips one closed, volume-true STL per bone, in patient mm', async () => {
    const { cs, segmentation, voxels } = fakeHost();
    const grid = readBonesLabelmap(cs, segmentation);
    const files = await meshInWorker(inProcessMeshWorker, { type: 'mesh', geometry: grid.geometry, values: grid.values, labels: grid.labels.slice(), modelVersion: 'test 1' });
    expect(files.map((f) => f.name)).toEqual(['tibia_left.stl', 'hip_left.stl']);
    const zip = storeZip(files.map((f) => ({ name: f.name, bytes: f.bytes })));
    const entries = readStoreZip(zip);
    expect(entries.map((e) => e.name)).toEqual(['tibia_left.stl', 'hip_left.stl']);
    for (const [entry, value] of [[entries[0], 3], [entries[1], 9]] as const) {
      const mesh = decodeBinaryStl(entry.bytes);
      expect(edgeDefects(mesh)).toEqual({ nonManifoldEdges: 0, misorientedEdges: 0 });
      expect(Math.abs(meshVolume(mesh) / (voxels(value) * spacing[0] * spacing[1] * spacing[2]) - 1)).toBeLessThan(0.03);
    }
    // The box of label 9 spans x = -10 + 0.8 * [28, 36) -> faces at 12.0 .. 18.4 mm.
    const box = meshBounds(decodeBinaryStl(entries[1].bytes));
    expect(Math.abs(box.min[0] - 12.0)).toBeLessThan(2);
    expect(Math.abs(box.max[0] - 18.4)).toBeLessThan(2);
  });

  it('builds the 3D view\'s surfaces in the worker: closed, volume-true, in patient mm, within the display budget', async () => {
    const { cs, segmentation, voxels } = fakeHost();
    const grid = readBonesLabelmap(cs, segmentation);
    const surfaces = await surfacesInWorker(inProcessMeshWorker, { type: 'surfaces', geometry: grid.geometry, values: grid.values, labels: grid.labels.slice() });
    expect(surfaces.map((s) => s.value)).toEqual([3, 9]);
    for (const surface of surfaces) {
      const mesh = { positions: surface.positions, triangles: surface.triangles };
      expect(edgeDefects(mesh)).toEqual({ nonManifoldEdges: 0, misorientedEdges: 0 });
      expect(Math.abs(meshVolume(mesh) / (voxels(surface.value) * spacing[0] * spacing[1] * spacing[2]) - 1)).toBeLessThan(0.03);
      expect(surface.triangles.length / 3).toBeLessThanOrEqual(DISPLAY_BONE_MESH.maxTriangles!);
    }
    const box = meshBounds({ positions: surfaces[1].positions, triangles: surfaces[1].triangles });
    expect(Math.abs(box.min[0] - 12.0)).toBeLessThan(2);
    expect(Math.abs(box.max[0] - 18.4)).toBeLessThan(2);
  });

  it('writes a zip whose CRCs and sizes a reader accepts (crc32 of "123456789" is the standard check value)', () => {
    expect(crc32(new TextEncoder().encode('123456789')).toString(16)).toBe('cbf43926');
    const zip = storeZip([{ name: 'a.stl', bytes: new Uint8Array([1, 2, 3]) }, { name: 'b.stl', bytes: new Uint8Array(0) }]);
    expect(readStoreZip(zip).map((e) => [e.name, Array.from(e.bytes)])).toEqual([['a.stl', [1, 2, 3]], ['b.stl', []]]);
    const damaged = zip.slice();
    damaged[30 + 5] ^= 0xff;
    expect(() => readStoreZip(damaged)).toThrow(/CRC mismatch/);
  });
});
