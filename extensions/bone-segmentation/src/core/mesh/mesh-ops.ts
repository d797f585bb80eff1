/** Operations on closed triangle meshes: Taubin smoothing, transforms, enclosed volume, bounds and edge checks. */
import type { TriangleMesh } from './marching-tetrahedra';

/** Each vertex's neighbours (CSR layout), from the triangles. */
function vertexNeighbours(mesh: TriangleMesh): { offsets: Uint32Array; neighbours: Uint32Array } {
  const n = mesh.positions.length / 3;
  const { triangles } = mesh;
  const degree = new Uint32Array(n + 1);
  for (let t = 0; t < triangles.length; t += 3) {
    for (let e = 0; e < 3; e++) degree[triangles[t + e]] += 2;
  }
  const offsets = new Uint32Array(n + 1);
  for (let v = 0; v < n; v++) offsets[v + 1] = offsets[v] + degree[v];
  const fill = offsets.slice(0, n);
  const neighbours = new Uint32Array(offsets[n]);
  for (let t = 0; t < triangles.length; t += 3) {
    for (let e = 0; e < 3; e++) {
      const a = triangles[t + e];
      neighbours[fill[a]++] = triangles[t + ((e + 1) % 3)];
      neighbours[fill[a]++] = triangles[t + ((e + 2) % 3)];
    }
  }
  return { offsets, neighbours };
}

/**
 * Taubin's lambda|mu smoothing (Taubin 1995, "A signal processing approach to fair surface design"): alternating
 * shrink and inflate steps low-pass the surface without the shrinkage of plain Laplacian smoothing, so facets
 * fade and the enclosed volume stays. Each neighbour counts once per incident triangle edge (a mild weighting).
 */
export function taubinSmooth(mesh: TriangleMesh, iterations = 10, lambda = 0.5, mu = -0.53): TriangleMesh {
  const { offsets, neighbours } = vertexNeighbours(mesh);
  const n = mesh.positions.length / 3;
  let current = Float32Array.from(mesh.positions);
  let next = new Float32Array(current.length);
  for (let it = 0; it < 2 * iterations; it++) {
    const factor = it % 2 === 0 ? lambda : mu;
    for (let v = 0; v < n; v++) {
      const from = offsets[v];
      const to = offsets[v + 1];
      let sx = 0, sy = 0, sz = 0;
      for (let k = from; k < to; k++) {
        const q = 3 * neighbours[k];
        sx += current[q];
        sy += current[q + 1];
        sz += current[q + 2];
      }
      const count = to - from;
      const p = 3 * v;
      if (count === 0) {
        next[p] = current[p];
        next[p + 1] = current[p + 1];
        next[p + 2] = current[p + 2];
        continue;
      }
      next[p] = current[p] + factor * (sx / count - current[p]);
      next[p + 1] = current[p + 1] + factor * (sy / count - current[p + 1]);
      next[p + 2] = current[p + 2] + factor * (sz / count - current[p + 2]);
    }
    [current, next] = [next, current];
  }
  return { positions: current, triangles: mesh.triangles };
}

/** Applies p' = M p + t to every vertex (M row-major 3x3); flips the winding when M mirrors, so normals stay out. */
export function transformMesh(mesh: TriangleMesh, m: number[], t: [number, number, number]): TriangleMesh {
  const out = new Float32Array(mesh.positions.length);
  const p = mesh.positions;
  for (let i = 0; i < p.length; i += 3) {
    const x = p[i], y = p[i + 1], z = p[i + 2];
    out[i] = m[0] * x + m[1] * y + m[2] * z + t[0];
    out[i + 1] = m[3] * x + m[4] * y + m[5] * z + t[1];
    out[i + 2] = m[6] * x + m[7] * y + m[8] * z + t[2];
  }
  const det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
  if (det >= 0) return { positions: out, triangles: mesh.triangles };
  const flipped = Uint32Array.from(mesh.triangles);
  for (let i = 0; i < flipped.length; i += 3) [flipped[i + 1], flipped[i + 2]] = [flipped[i + 2], flipped[i + 1]];
  return { positions: out, triangles: flipped };
}

/** Enclosed volume by the divergence theorem (positive for outward normals), in the positions' units cubed. */
export function meshVolume(mesh: TriangleMesh): number {
  const { positions: p, triangles: t } = mesh;
  let six = 0;
  for (let i = 0; i < t.length; i += 3) {
    const a = 3 * t[i], b = 3 * t[i + 1], c = 3 * t[i + 2];
    six +=
      p[a] * (p[b + 1] * p[c + 2] - p[b + 2] * p[c + 1]) -
      p[a + 1] * (p[b] * p[c + 2] - p[b + 2] * p[c]) +
      p[a + 2] * (p[b] * p[c + 1] - p[b + 1] * p[c]);
  }
  return six / 6;
}

export function meshBounds(mesh: TriangleMesh): { min: [number, number, number]; max: [number, number, number] } {
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  const p = mesh.positions;
  for (let i = 0; i < p.length; i += 3) {
    for (let a = 0; a < 3; a++) {
      if (p[i + a] < min[a]) min[a] = p[i + a];
      if (p[i + a] > max[a]) max[a] = p[i + a];
    }
  }
  return { min, max };
}

/**
 * Edges used by other than exactly two triangles, and edges whose two triangles traverse them in the same
 * direction (inconsistent winding). Both zero: a closed, oriented, edge-manifold surface.
 */
export function edgeDefects(mesh: TriangleMesh): { nonManifoldEdges: number; misorientedEdges: number } {
  const n = mesh.positions.length / 3;
  const directed = new Map<number, number>();
  const t = mesh.triangles;
  for (let i = 0; i < t.length; i += 3) {
    for (let e = 0; e < 3; e++) {
      const key = t[i + e] * n + t[i + ((e + 1) % 3)];
      directed.set(key, (directed.get(key) ?? 0) + 1);
    }
  }
  let nonManifoldEdges = 0;
  let misorientedEdges = 0;
  for (const [key, count] of directed) {
    const a = Math.floor(key / n);
    const b = key - a * n;
    const reverse = directed.get(b * n + a) ?? 0;
    // Each undirected edge once: from its smaller end, or from the only direction present.
    if (a > b && reverse > 0) continue;
    if (count + reverse !== 2) nonManifoldEdges++;
    else if (count !== 1) misorientedEdges++;
  }
  return { nonManifoldEdges, misorientedEdges };
}
