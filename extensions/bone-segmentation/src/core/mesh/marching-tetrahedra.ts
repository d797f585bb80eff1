/**
 * A level set of a sampled field as a triangle mesh, by marching tetrahedra over the Kuhn (Freudenthal)
 * split of each cube into six tetrahedra around its main diagonal. Neighbouring cubes split their shared faces the
 * same way, and a piecewise-linear level set on a simplicial grid has no ambiguous cases, so the mesh is closed and
 * every edge belongs to exactly two triangles (marching cubes' 15-case table can leave holes). Vertices sit on grid
 * edges and are shared by key. Triangles are wound counter-clockwise seen from outside (normals point out).
 */
import type { SampledField } from './smooth-field';

export interface TriangleMesh {
  /** x, y, z per vertex. */
  positions: Float32Array;
  /** Three vertex indices per triangle. */
  triangles: Uint32Array;
}


// Cube corner c has offset (c & 1, (c >> 1) & 1, (c >> 2) & 1). The six tetrahedra share the diagonal 0 -> 7; each
// follows one path 0 -> a -> b -> 7 that changes one coordinate per step.
const TETRAHEDRA: ReadonlyArray<readonly [number, number, number, number]> = [
  [0, 1, 3, 7],
  [0, 1, 5, 7],
  [0, 2, 3, 7],
  [0, 2, 6, 7],
  [0, 4, 5, 7],
  [0, 4, 6, 7],
];

/** Marching tetrahedra at level `iso`; positions are in the field's sample coordinates (x, y, z sample indices). */
export function marchingTetrahedra(field: SampledField, ISO = 0.5): TriangleMesh {
  const { values, dims } = field;
  const [nx, ny, nz] = dims;
  const sxy = nx * ny;
  const cornerOffset = Array.from({ length: 8 }, (_, c) => (c & 1) + ((c >> 1) & 1) * nx + ((c >> 2) & 1) * sxy);
  const positions: number[] = [];
  const triangles: number[] = [];
  const vertexOfEdge = new Map<number, number>();
  // A value exactly at the level would put a vertex on a grid point, shared by edges with different keys.
  const value = (p: number): number => (values[p] === ISO ? ISO + 1e-6 : values[p]);

  const vertex = (a: number, b: number): number => {
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    // hi - lo is one of the 7 corner offsets: a unique small code per edge direction.
    const key = lo * 8 + cornerOffset.indexOf(hi - lo);
    let id = vertexOfEdge.get(key);
    if (id === undefined) {
      const va = value(a);
      const vb = value(b);
      const t = (ISO - va) / (vb - va);
      const ax = a % nx, ay = Math.floor(a / nx) % ny, az = Math.floor(a / sxy);
      const bx = b % nx, by = Math.floor(b / nx) % ny, bz = Math.floor(b / sxy);
      id = positions.length / 3;
      positions.push(ax + t * (bx - ax), ay + t * (by - ay), az + t * (bz - az));
      vertexOfEdge.set(key, id);
    }
    return id;
  };

  /** Adds triangle (a, b, c) wound so that its normal points from `inside` towards `outside` grid points. */
  const emit = (a: number, b: number, c: number, inside: number, outside: number): void => {
    const pa = 3 * a, pb = 3 * b, pc = 3 * c;
    const ux = positions[pb] - positions[pa], uy = positions[pb + 1] - positions[pa + 1], uz = positions[pb + 2] - positions[pa + 2];
    const vx = positions[pc] - positions[pa], vy = positions[pc + 1] - positions[pa + 1], vz = positions[pc + 2] - positions[pa + 2];
    const n0 = uy * vz - uz * vy, n1 = uz * vx - ux * vz, n2 = ux * vy - uy * vx;
    const dx = (outside % nx) - (inside % nx);
    const dy = (Math.floor(outside / nx) % ny) - (Math.floor(inside / nx) % ny);
    const dz = Math.floor(outside / sxy) - Math.floor(inside / sxy);
    if (n0 * dx + n1 * dy + n2 * dz >= 0) triangles.push(a, b, c);
    else triangles.push(a, c, b);
  };

  const corner = new Int32Array(4);
  const inside: number[] = [];
  const outside: number[] = [];
  for (let z = 0; z < nz - 1; z++) {
    for (let y = 0; y < ny - 1; y++) {
      for (let x = 0; x < nx - 1; x++) {
        const base = x + y * nx + z * sxy;
        // Skip cubes entirely on one side (most of them).
        let above = 0;
        for (let c = 0; c < 8; c++) if (value(base + cornerOffset[c]) > ISO) above++;
        if (above === 0 || above === 8) continue;
        for (const tet of TETRAHEDRA) {
          inside.length = 0;
          outside.length = 0;
          for (let i = 0; i < 4; i++) {
            corner[i] = base + cornerOffset[tet[i]];
            (value(corner[i]) > ISO ? inside : outside).push(corner[i]);
          }
          if (inside.length === 0 || inside.length === 4) continue;
          if (inside.length === 1 || inside.length === 3) {
            const lone = inside.length === 1 ? inside[0] : outside[0];
            const others = inside.length === 1 ? outside : inside;
            const [a, b, c] = others.map((o) => vertex(lone, o));
            if (inside.length === 1) emit(a, b, c, lone, others[0]);
            else emit(a, b, c, others[0], lone);
          } else {
            const [i0, i1] = inside;
            const [o0, o1] = outside;
            // The quad i0o0, i0o1, i1o1, i1o0 (in cyclic order around the tetrahedron), split in two.
            const a = vertex(i0, o0), b = vertex(i0, o1), c = vertex(i1, o1), d = vertex(i1, o0);
            emit(a, b, c, i0, o0);
            emit(a, c, d, i1, o1);
          }
        }
      }
    }
  }
  return { positions: Float32Array.from(positions), triangles: Uint32Array.from(triangles) };
}
