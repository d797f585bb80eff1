"""Fast inside test for closed triangle meshes on a regular grid (ray parity along z, fully vectorised)."""
import numpy as np


def voxelise(verts, faces, origin, spacing, shape):
    """Boolean mask [nz, ny, nx] of voxel centres inside the mesh.

    origin: world (x, y, z) of voxel (0,0,0)'s centre; spacing: (sx, sy, sz); shape: (nz, ny, nx).
    Every z-column crossing of a triangle toggles the inside state from that height upward; a cumulative sum
    along z then gives the parity. Columns are offset by a tiny irrational amount so no ray hits an edge exactly.
    """
    nz, ny, nx = shape
    sx, sy, sz = spacing
    ox, oy, oz = origin
    eps = 1.234567e-4
    v = (np.asarray(verts, np.float64) - [ox + eps * sx, oy + 0.7654321 * eps * sy, oz]) / [sx, sy, sz]
    tri = v[faces]  # (F, 3, 3) in voxel units
    x, y, z = tri[..., 0], tri[..., 1], tri[..., 2]
    i0 = np.clip(np.ceil(x.min(1)), 0, nx).astype(np.int64)
    i1 = np.clip(np.floor(x.max(1)), -1, nx - 1).astype(np.int64)
    j0 = np.clip(np.ceil(y.min(1)), 0, ny).astype(np.int64)
    j1 = np.clip(np.floor(y.max(1)), -1, ny - 1).astype(np.int64)
    wi = np.maximum(i1 - i0 + 1, 0)
    wj = np.maximum(j1 - j0 + 1, 0)
    cnt = wi * wj
    keep = cnt > 0
    if not keep.any():
        return np.zeros(shape, bool)
    x, y, z, i0, j0, wi, cnt = x[keep], y[keep], z[keep], i0[keep], j0[keep], wi[keep], cnt[keep]
    tid = np.repeat(np.arange(len(cnt)), cnt)
    start = np.cumsum(cnt) - cnt
    local = np.arange(cnt.sum()) - start[tid]
    ci = i0[tid] + local % wi[tid]
    cj = j0[tid] + local // wi[tid]
    px, py = ci.astype(np.float64), cj.astype(np.float64)
    x0, x1, x2 = x[tid, 0], x[tid, 1], x[tid, 2]
    y0, y1, y2 = y[tid, 0], y[tid, 1], y[tid, 2]
    den = (y1 - y2) * (x0 - x2) + (x2 - x1) * (y0 - y2)
    ok = np.abs(den) > 1e-12
    den = np.where(ok, den, 1.0)
    a = ((y1 - y2) * (px - x2) + (x2 - x1) * (py - y2)) / den
    b = ((y2 - y0) * (px - x2) + (x0 - x2) * (py - y2)) / den
    c = 1.0 - a - b
    inside = ok & (a >= 0) & (b >= 0) & (c >= 0)
    zc = a * z[tid, 0] + b * z[tid, 1] + c * z[tid, 2]
    ci, cj, zc = ci[inside], cj[inside], zc[inside]
    k = np.clip(np.ceil(zc), 0, nz).astype(np.int64)  # first voxel centre above the crossing
    flat = (k * ny + cj) * nx + ci
    tog = np.bincount(flat, minlength=(nz + 1) * ny * nx).reshape(nz + 1, ny, nx)
    return (np.cumsum(tog[:nz], axis=0, dtype=np.int32) & 1).astype(bool)


def voxelise_robust(verts, faces, origin, spacing, shape):
    """Majority vote of parity fills along z, y and x: a small hole in a mesh streaks along one axis only."""
    v = np.asarray(verts, np.float64)
    nz, ny, nx = shape
    sx, sy, sz = spacing
    ox, oy, oz = origin
    a = voxelise(v, faces, origin, spacing, shape).astype(np.uint8)
    # rays along y: swap the roles of y and z
    b = voxelise(v[:, [0, 2, 1]], faces, (ox, oz, oy), (sx, sz, sy), (ny, nz, nx)).transpose(1, 0, 2)
    # rays along x: swap the roles of x and z
    c = voxelise(v[:, [2, 1, 0]], faces, (oz, oy, ox), (sz, sy, sx), (nx, ny, nz)).transpose(2, 1, 0)
    return (a + b + c) >= 2
