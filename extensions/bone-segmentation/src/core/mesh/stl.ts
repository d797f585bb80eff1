/**
 * Binary STL: 80-byte header, triangle count, then per triangle its normal, three vertices (float32) and a
 * zero attribute word. STL has no units or frame, so the header states them: millimetres, DICOM patient
 * coordinates (LPS: +x to the patient's left, +y posterior, +z superior).
 */
import type { TriangleMesh } from './marching-tetrahedra';

/** First in the header, so it survives the 80-byte limit. */
export const STL_FRAME_NOTE = 'mm, DICOM LPS patient coords';

export function encodeBinaryStl(mesh: TriangleMesh, title: string): Uint8Array {
  const count = mesh.triangles.length / 3;
  const bytes = new Uint8Array(84 + 50 * count);
  const view = new DataView(bytes.buffer);
  // ASCII only, and never starting with "solid" (some readers would take the file for ASCII STL).
  const header = `${STL_FRAME_NOTE}; ${title}; bone-segmentation`.replace(/[^\x20-\x7e]/g, '?').slice(0, 80);
  for (let i = 0; i < header.length; i++) bytes[i] = header.charCodeAt(i);
  view.setUint32(80, count, true);
  const p = mesh.positions;
  const t = mesh.triangles;
  for (let f = 0, o = 84; f < count; f++, o += 50) {
    const a = 3 * t[3 * f], b = 3 * t[3 * f + 1], c = 3 * t[3 * f + 2];
    const ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
    const vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
    let nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    const len = Math.hypot(nx, ny, nz) || 1;
    nx /= len;
    ny /= len;
    nz /= len;
    const values = [nx, ny, nz, p[a], p[a + 1], p[a + 2], p[b], p[b + 1], p[b + 2], p[c], p[c + 1], p[c + 2]];
    for (let k = 0; k < 12; k++) view.setFloat32(o + 4 * k, values[k], true);
    view.setUint16(o + 48, 0, true);
  }
  return bytes;
}

/**
 * Reads a binary STL back, welding vertices with identical coordinates (STL stores each triangle's corners
 * separately), so edge sharing can be checked. Throws on a file whose size does not match its triangle count.
 */
export function decodeBinaryStl(bytes: Uint8Array): TriangleMesh & { header: string } {
  if (bytes.length < 84) throw new Error('not a binary STL: shorter than its header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(80, true);
  if (bytes.length !== 84 + 50 * count) throw new Error(`not a binary STL: ${bytes.length} bytes for ${count} triangles`);
  const header = String.fromCharCode(...bytes.subarray(0, 80)).replace(/\0+$/, '');
  const index = new Map<string, number>();
  const positions: number[] = [];
  const triangles = new Uint32Array(3 * count);
  for (let f = 0; f < count; f++) {
    for (let v = 0; v < 3; v++) {
      const o = 84 + 50 * f + 12 + 12 * v;
      const x = view.getFloat32(o, true), y = view.getFloat32(o + 4, true), z = view.getFloat32(o + 8, true);
      const key = `${x},${y},${z}`;
      let id = index.get(key);
      if (id === undefined) {
        id = positions.length / 3;
        positions.push(x, y, z);
        index.set(key, id);
      }
      triangles[3 * f + v] = id;
    }
  }
  return { positions: Float32Array.from(positions), triangles, header };
}
