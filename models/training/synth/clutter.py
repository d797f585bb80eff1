"""Unlabelled structures the network must NOT call lower-limb bone: vertebrae, ribs, coccyx, foot bones, calcified
vessels, bladder/bowel contrast, phleboliths, metal implants. Built from superellipsoid primitives."""
import numpy as np

from .bones import label_of


class Canvas:
    def __init__(self, grid, hu, labels):
        self.grid, self.hu, self.labels = grid, hu, labels
        self.bone = np.zeros(grid.shape, bool)  # unlabelled bone (carries soft tissue around it)
        self.metal = np.zeros(grid.shape, bool)
        self.written = np.zeros(grid.shape, bool)

    def blob(self, centre, radii, value, inner=None, shell=1.5, n=2.0, R=None, kind="bone", over_bone=False):
        radii = np.asarray(radii, float)
        reach = radii.max() + 2 * self.grid.spacing[0]
        sl = self.grid.sub_box(np.asarray(centre) - reach, np.asarray(centre) + reach)
        if sl is None:
            return
        x, y, z = self.grid.coords(sl)
        p = [x - centre[0], y - centre[1], z - centre[2]]
        if R is not None:  # world -> local: q = R^T p
            p = [R[0, i] * p[0] + R[1, i] * p[1] + R[2, i] * p[2] for i in range(3)]
        r = (np.abs(p[0] / radii[0]) ** n + np.abs(p[1] / radii[1]) ** n + np.abs(p[2] / radii[2]) ** n) ** (1.0 / n)
        inside = r < 1
        if not inside.any():
            return
        depth = (1 - r) * radii.min()
        if inner is None:
            val = np.full(r.shape, value, np.float32)
        else:
            w = np.clip((depth - shell) / self.grid.spacing[0] + 0.5, 0, 1)
            val = (1 - w) * value + w * inner
        ok = inside if over_bone else inside & (self.labels[sl] == 0)
        self.hu[sl][ok] = val[ok]
        self.written[sl] |= ok
        if kind == "bone":
            self.bone[sl] |= ok
        elif kind == "metal":
            self.metal[sl] |= ok

    def chain(self, pts, radius, value, step=None, **kw):
        pts = np.asarray(pts, float)
        step = step or max(radius * 0.6, self.grid.spacing[0])
        for a, b in zip(pts[:-1], pts[1:]):
            n = max(int(np.linalg.norm(b - a) / step), 1)
            for t in np.linspace(0, 1, n, endpoint=False):
                self.blob(a + t * (b - a), [radius] * 3, value, **kw)
        self.blob(pts[-1], [radius] * 3, value, **kw)


def _bone_hu(rng, bp):
    return dict(value=bp["cortical"] * rng.uniform(0.8, 1.05), inner=bp["cancellous"] * rng.uniform(0.8, 1.3),
                shell=rng.uniform(1.0, 2.5))


def vertebrae_and_ribs(cv, lm, rng, bp):
    sv = lm["sacrum"]
    top = sv[sv[:, 2] > sv[:, 2].max() - 20]
    c = np.array([lm["x_mid"], top[:, 1].min() + rng.uniform(15, 24), sv[:, 2].max() + rng.uniform(18, 26)])
    s = rng.uniform(0.85, 1.15)
    for level in range(9):  # L5 .. T10
        h = _bone_hu(rng, bp)
        cv.blob(c, np.array([22, 17, 12.5]) * s * [1, 1, rng.uniform(0.9, 1.1)], n=4.0, **h)
        for sx in (-1, 1):
            cv.blob(c + np.array([sx * 12, 21, 2]) * s, np.array([5, 9, 6]) * s, **h)
            tp_len = 14 if level < 5 else 9
            cv.blob(c + np.array([sx * (22 + tp_len), 24, 2]) * s, np.array([tp_len, 5, 5]) * s, **h)
        cv.blob(c + np.array([0, 38, 0]) * s, np.array([14, 6, 9]) * s, **h)
        cv.blob(c + np.array([0, 55, -6]) * s, np.array([4, 14, 10]) * s, **h)
        if level >= 5:  # thoracic levels carry ribs sweeping round the trunk and downward
            for sx in (-1, 1):
                ang = np.linspace(0, np.pi * rng.uniform(0.55, 0.85), 14)
                rx, ry = rng.uniform(110, 160), rng.uniform(80, 120)
                pts = np.c_[c[0] + sx * rx * np.sin(ang), c[1] + 30 + ry * (np.cos(ang) - 1) * 0.9 + 20,
                            c[2] - 50 * (1 - np.cos(ang))]
                cv.chain(pts, rng.uniform(4.5, 6.5), **_bone_hu(rng, bp))
        c = c + np.array([rng.uniform(-2, 2), -4 if level < 3 else 3, 36 * s + rng.uniform(-3, 3)])


def coccyx(cv, lm, rng, bp):
    c = lm["sacrum_tip"] + [0, rng.uniform(-2, 4), -rng.uniform(6, 10)]
    r = rng.uniform(5, 8)
    for _ in range(rng.integers(2, 5)):
        cv.blob(c, [r * 1.3, r, r * 1.1], **_bone_hu(rng, bp))
        c = c + [0, -rng.uniform(2, 7), -rng.uniform(9, 13)]
        r *= 0.8


def foot(cv, lm, side, rng, bp):
    tv = lm["tibia_" + side]
    ax = tv[np.argsort(-tv[:, 2])[:40]].mean(0) - lm["ankle_" + side]
    ax /= np.linalg.norm(ax)
    ant = np.array([0, -1.0, 0]) - ax * (-ax[1])
    ant /= np.linalg.norm(ant)
    lat = np.cross(ant, ax)
    R = np.c_[lat, ant, ax]  # local (lat, ant, up) axes as columns
    talus = lm["ankle_" + side] - ax * rng.uniform(20, 26)
    h = lambda: _bone_hu(rng, bp)
    cv.blob(talus, [20, 26, 15], R=R, **h())
    cv.blob(talus + R @ [0, -30, -28], [18, 38, 20], R=R, **h())  # calcaneus: posterior, below
    cv.blob(talus + R @ [0, 32, -8], [18, 9, 14], R=R, **h())  # navicular
    for k in range(5):
        base = talus + R @ [(k - 2) * 9, 50, -18]
        tip = base + R @ [(k - 2) * 4, 55, -15]
        cv.chain([base, tip], rng.uniform(3.5, 5.5), **h())


def vessels(cv, lm, side, rng, tp):
    sx = 1 if side == "left" else -1
    fv = lm["femur_" + side]
    head, knee, ankle = lm["head_" + side], lm["knee_" + side], lm["ankle_" + side]
    mid = fv[np.abs(fv[:, 2] - np.median(fv[:, 2])) < 20].mean(0)
    pts = [
        lm["sacrum_top"] + [sx * 25, -50, 20],
        head + [-sx * 10, -35, 15],
        head + [-sx * 5, -30, -60],
        mid + [-sx * 22, -5, 0],
        knee + [0, 35, 50],
        knee + [0, 30, -40],
        ankle + [0, 25, 40],
    ]
    r = rng.uniform(3, 5)
    cv.chain(pts, r, tp["vessel"], kind="soft")
    if tp["calcified"]:
        for a, b in zip(pts[:-1], pts[1:]):
            for _ in range(rng.integers(0, 5)):
                p = a + rng.random() * (b - a) + rng.normal(0, r * 0.7, 3)
                rr = rng.uniform(1.0, 2.5)
                cv.blob(p, [rr, rr, rr * rng.uniform(1, 3)], rng.uniform(300, 1200), kind="soft")


def pelvic_contents(cv, lm, rng):
    hv_lo, hv_hi = lm["pelvis_lo"], lm["pelvis_hi"]
    x_mid = lm["x_mid"]
    sym = np.array([x_mid, hv_lo[1] + 10, hv_lo[2] + 0.25 * (hv_hi[2] - hv_lo[2])])
    bl = sym + [rng.uniform(-10, 10), rng.uniform(25, 45), rng.uniform(25, 50)]
    bval = rng.uniform(0, 20) if rng.random() < 0.85 else rng.uniform(300, 1000)
    cv.blob(bl, np.array([45, 35, 35]) * rng.uniform(0.5, 1.3), bval, kind="soft")
    if rng.random() < 0.35:  # oral contrast in bowel loops
        for _ in range(rng.integers(2, 9)):
            c = rng.uniform(hv_lo + [30, 10, 40], hv_hi - [30, 30, -40])
            cv.blob(c, rng.uniform(6, 18, 3), rng.uniform(150, 700), kind="soft")
    for _ in range(rng.integers(0, 6)):  # phleboliths / calcified nodes
        c = rng.uniform(hv_lo + [20, 10, 0], hv_hi - [20, 10, 40])
        rr = rng.uniform(1.5, 3.5)
        cv.blob(c, [rr] * 3, rng.uniform(300, 900), kind="soft")


def implants(cv, lm, scene, rng):
    kind = rng.choice(["stem", "plate", "screws", "loose"])
    side = rng.choice(["left", "right"])
    metal = rng.uniform(2500, 3071)
    if kind == "stem":
        fv = lm["femur_" + side]
        head = lm["head_" + side]
        shaft = fv[np.abs(fv[:, 2] - (head[2] - 150)) < 15].mean(0)
        cv.chain([head + (shaft - head) * 0.15, shaft], rng.uniform(5, 8), metal, kind="metal", over_bone=True)
    elif kind in ("plate", "screws"):
        bone = rng.choice(["femur", "tibia"])
        v = lm[f"{bone}_{side}"]
        zc = rng.uniform(np.percentile(v[:, 2], 10), np.percentile(v[:, 2], 90))
        ring = v[np.argsort(np.abs(v[:, 2] - zc))[:60]]  # shaft meshes are sparse: nearest vertices, not a slab
        c = ring.mean(0)
        out = ring[np.argmax(ring[:, 0] * (1 if side == "left" else -1))] - c
        out[2] = 0
        out /= np.linalg.norm(out) + 1e-6
        surf = c + out * (np.abs((ring - c) @ out).max() + 3)
        L = rng.uniform(50, 160) if kind == "plate" else 0
        if kind == "plate":
            cv.chain([surf - [0, 0, L / 2], surf + [0, 0, L / 2]], 2.5, metal, kind="metal", over_bone=True)
        for zz in np.linspace(-L / 2, L / 2, rng.integers(2, 6)):
            a = surf + [0, 0, zz]
            cv.chain([a, a - out * rng.uniform(20, 45)], 2.0, metal, kind="metal", over_bone=True)
    else:
        c = lm["knee_" + side] + rng.normal(0, 60, 3)
        cv.blob(c, rng.uniform(2, 10, 3), metal, kind="metal")


def render_clutter(grid, hu, labels, scene, rng, bp, tp, fov_kind):
    cv = Canvas(grid, hu, labels)
    lm = scene["landmarks"]
    vertebrae_and_ribs(cv, lm, rng, bp)
    coccyx(cv, lm, rng, bp)
    for side in ("left", "right"):
        foot(cv, lm, side, rng, bp)
        if rng.random() < 0.8:
            vessels(cv, lm, side, rng, tp)
    pelvic_contents(cv, lm, rng)
    if rng.random() < 0.18:
        implants(cv, lm, scene, rng)
    return cv
