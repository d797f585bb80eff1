"""Training patches from the generated pool: random crops (mostly around bone), padding with air, mirror in x
(classes are side-less, so a mirrored patient is still a valid patient), intensity jitter."""
import glob
import os

import numpy as np

# Network input normalisation (written into model.json; the TS core applies the same formula).
HU_LO, HU_HI = -1024.0, 2048.0
HU_CENTER, HU_SCALE = 200.0, 600.0
PAD_HU = -1024.0


def normalise(hu):
    return ((np.clip(hu.astype(np.float32), HU_LO, HU_HI) - HU_CENTER) / HU_SCALE).astype(np.float32)


def resample_pair(hu, cls, src_mm, dst_mm):
    """Pool volumes are generated at src_mm; the network may train at a coarser dst_mm (area-like averaging)."""
    if abs(src_mm - dst_mm) < 1e-6:
        return hu, cls
    from scipy import ndimage as ndi
    f = src_mm / dst_mm
    h = hu.astype(np.float32)
    if f < 1:
        h = ndi.gaussian_filter(h, 0.45 / f - 0.45)
    h = ndi.zoom(h, f, order=1)
    c = ndi.zoom(cls, f, order=0)
    n = [min(a, b) for a, b in zip(h.shape, c.shape)]
    return h[: n[0], : n[1], : n[2]].astype(np.float32), c[: n[0], : n[1], : n[2]]


def load_volume(path, spacing):
    d = np.load(path)
    src = float(d["spacing"]) if "spacing" in d.files else 3.0
    return resample_pair(d["hu"], d["cls"], src, spacing)


class Pool:
    def __init__(self, folder, spacing=3.0):
        self.folder = folder
        self.spacing = spacing
        self.items = {}

    def refresh(self):
        for p in sorted(glob.glob(os.path.join(self.folder, "*.npz"))):
            if p.endswith(".tmp.npz") or p in self.items:
                continue
            try:
                hu, cls = load_volume(p, self.spacing)
            except Exception:
                continue
            flat = cls.ravel()
            fg = {}
            for c in np.unique(flat):
                if c == 0:
                    continue
                idx = np.flatnonzero(flat == c)
                fg[int(c)] = idx[:: max(1, len(idx) // 2000)]
            self.items[p] = (hu, cls, fg)
        self.keys = list(self.items)
        return len(self.keys)

    def patch(self, rng, shape):
        hu, cls, fg = self.items[self.keys[rng.integers(len(self.keys))]]
        shape = np.array(shape)
        if fg and rng.random() < 0.85:  # centre on a bone; every bone class equally likely (rare ones too)
            idx = fg[list(fg)[rng.integers(len(fg))]]
            c = np.array(np.unravel_index(idx[rng.integers(len(idx))], cls.shape))
            c = c + rng.integers(-shape // 3, shape // 3 + 1)
        else:
            c = np.array([rng.integers(0, n) for n in cls.shape])
        lo = c - shape // 2
        x = np.full(shape, PAD_HU, np.float32)
        y = np.zeros(shape, np.int64)
        src = tuple(slice(max(a, 0), min(a + s, n)) for a, s, n in zip(lo, shape, cls.shape))
        dst = tuple(slice(sl.start - a, sl.stop - a) for sl, a in zip(src, lo))
        x[dst] = hu[src]
        y[dst] = cls[src]
        if rng.random() < 0.5:
            x, y = x[:, :, ::-1], y[:, :, ::-1]
        x = x * rng.uniform(0.97, 1.03) + rng.normal(0, 10)
        return normalise(x), np.ascontiguousarray(y)

    def batch(self, rng, n, shape):
        xs, ys = zip(*(self.patch(rng, shape) for _ in range(n)))
        return np.stack(xs)[:, None], np.stack(ys)
