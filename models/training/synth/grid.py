"""A regular LPS-aligned grid: arrays are [z, y, x]; index (k, j, i) is at world origin + (i*sx, j*sy, k*sz)."""
import numpy as np


class Grid:
    def __init__(self, origin, spacing, shape):
        self.origin = np.asarray(origin, np.float64)  # world (x, y, z) of voxel (0,0,0)
        self.spacing = np.asarray(spacing, np.float64)  # (sx, sy, sz)
        self.shape = tuple(int(s) for s in shape)  # (nz, ny, nx)

    @staticmethod
    def around(lo, hi, spacing):
        spacing = np.broadcast_to(np.asarray(spacing, np.float64), (3,))
        n = np.maximum(np.round((np.asarray(hi) - lo) / spacing).astype(int), 1)
        return Grid(lo, spacing, (n[2], n[1], n[0]))

    def sub_box(self, lo, hi, pad=0.0):
        """Index slices (z, y, x) of the part of this grid inside a world box (or None)."""
        a = np.floor((np.asarray(lo) - pad - self.origin) / self.spacing).astype(int)
        b = np.ceil((np.asarray(hi) + pad - self.origin) / self.spacing).astype(int) + 1
        n = np.array(self.shape[::-1])
        a, b = np.clip(a, 0, n), np.clip(b, 0, n)
        if np.any(b <= a):
            return None
        return (slice(a[2], b[2]), slice(a[1], b[1]), slice(a[0], b[0]))

    def sub_grid(self, sl):
        o = self.origin + self.spacing * [sl[2].start, sl[1].start, sl[0].start]
        return Grid(o, self.spacing, (sl[0].stop - sl[0].start, sl[1].stop - sl[1].start, sl[2].stop - sl[2].start))

    def coords(self, sl=None):
        """World coordinate arrays (x, y, z) broadcastable to the (sub)grid shape."""
        g = self if sl is None else self.sub_grid(sl)
        nz, ny, nx = g.shape
        x = g.origin[0] + g.spacing[0] * np.arange(nx, dtype=np.float32)
        y = g.origin[1] + g.spacing[1] * np.arange(ny, dtype=np.float32)
        z = g.origin[2] + g.spacing[2] * np.arange(nz, dtype=np.float32)
        return x[None, None, :], y[None, :, None], z[:, None, None]

    def ras_affine(self):
        """NIfTI affine for the array transposed to (x, y, z): LPS -> RAS flips the first two axes."""
        a = np.diag([-self.spacing[0], -self.spacing[1], self.spacing[2], 1.0])
        a[:3, 3] = [-self.origin[0], -self.origin[1], self.origin[2]]
        return a
