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


class Pool:
    def __init__(self, folder):
        self.folder = folder
        self.items = {}

    def refresh(self):
        for p in sorted(glob.glob(os.path.join(self.folder, "*.npz"))):
            if p.endswith(".tmp.npz") or p in self.items:
                continue
            try:
                d = np.load(p)
                hu, cls = d["hu"], d["cls"]
            except Exception:
                continue
            fg = np.flatnonzero(cls)
            self.items[p] = (hu, cls, fg[:: max(1, len(fg) // 4000)])
        self.keys = list(self.items)
        return len(self.keys)

    def patch(self, rng, shape):
        hu, cls, fg = self.items[self.keys[rng.integers(len(self.keys))]]
        shape = np.array(shape)
        if len(fg) and rng.random() < 0.85:
            c = np.array(np.unravel_index(fg[rng.integers(len(fg))], cls.shape))
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
