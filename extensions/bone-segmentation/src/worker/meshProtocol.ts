/**
 * Messages between the page and the mesh worker: STL files for the export, or surfaces for the 3D view. Big arrays
 * travel transferred, never copied.
 */
import type { BoneSurface } from '../export/boneSurfaces';
import type { Geometry } from '../core/mesh/smooth-field';

interface MeshInput {
  /** Label values on the CT grid (x fastest), as the viewer's labelmap holds them. */
  labels: Uint8Array;
  geometry: Geometry;
  /** The label values to mesh, in order. */
  values: number[];
}

export interface StlRequest extends MeshInput {
  type: 'mesh';
  modelVersion: string;
}

export interface SurfacesRequest extends MeshInput {
  type: 'surfaces';
}

export type MeshRequest = StlRequest | SurfacesRequest;

export type StlFiles = Array<{ name: string; value: number; triangles: number; bytes: Uint8Array }>;

export type MeshResponse =
  | { type: 'progress'; done: number; total: number }
  | { type: 'result'; files: StlFiles }
  | { type: 'surfaces'; surfaces: BoneSurface[] }
  | { type: 'error'; message: string };
