/** What the mesh worker answers to one request (pure: the worker file only wires it to its message port). */
import { boneStlFiles } from '../export/boneStlFiles';
import { boneSurfaces, DISPLAY_BONE_MESH } from '../export/boneSurfaces';
import type { MeshRequest, MeshResponse } from './meshProtocol';

export function answerMeshRequest(
  request: MeshRequest,
  progress: (done: number, total: number) => void,
): { message: MeshResponse; transfer: ArrayBuffer[] } {
  try {
    if (request?.type === 'mesh') {
      const files = boneStlFiles(request.labels, request.geometry, request.values, request.modelVersion, {}, progress);
      return { message: { type: 'result', files }, transfer: files.map((f) => f.bytes.buffer as ArrayBuffer) };
    }
    if (request?.type === 'surfaces') {
      const surfaces = boneSurfaces(request.labels, request.geometry, request.values, DISPLAY_BONE_MESH, progress);
      return { message: { type: 'surfaces', surfaces }, transfer: surfaces.flatMap((s) => [s.positions.buffer as ArrayBuffer, s.triangles.buffer as ArrayBuffer]) };
    }
    return { message: { type: 'error', message: 'unknown mesh request' }, transfer: [] };
  } catch (error) {
    return { message: { type: 'error', message: error instanceof Error ? error.message : String(error) }, transfer: [] };
  }
}
