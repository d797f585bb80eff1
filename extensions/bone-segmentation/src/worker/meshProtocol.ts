/** Messages between the page and the mesh worker (STL export). Big arrays travel transferred, never copied. */
import type { Geometry } from '../core/mesh/smooth-field';

export interface MeshRequest {
  type: 'mesh';
  /** Label values on the CT grid (x fastest), as the viewer's labelmap holds them. */
  labels: Uint8Array;
  geometry: Geometry;
  /** The label values to mesh, in order. */
  values: number[];
  modelVersion: string;
}

export type MeshResponse =
  | { type: 'progress'; done: number; total: number }
  | { type: 'result'; files: Array<{ name: string; value: number; triangles: number; bytes: Uint8Array }> }
  | { type: 'error'; message: string };
