"""Everything around the bones: muscle, subcutaneous fat, skin, air, pelvic contents, vessels, CT table.

Distances are computed on a coarse grid (cheap) and interpolated to the render grid (smooth boundaries)."""
import numpy as np
from scipy import ndimage as ndi

from .bones import label_of, smooth_noise
from .grid import Grid
from .shapes import load_labels

_, CLASSES = load_labels()


def sample_tissue_params(rng):
    return dict(
        muscle=rng.uniform(25, 65),
        fat=rng.uniform(-120, -75),
        skin=rng.uniform(20, 70),
        fat_mm=rng.uniform(3, 40) if rng.random() < 0.85 else rng.uniform(30, 70),
        muscle_scale=rng.uniform(0.55, 1.35),
        fat_fraction_intramuscular=rng.uniform(0.0, 0.35),
        vessel=rng.uniform(30, 60) if rng.random() < 0.6 else rng.uniform(150, 450),
        calcified=rng.random() < 0.45,
        table=rng.random() < 0.8,
    )


def _bone_axis_t(labels_c, cgrid, value, verts):
    """Position along a bone's long axis (from its whole mesh), 0 = inferior end .. 1 = superior end."""
    idx = np.argwhere(labels_c == value)
    if len(idx) == 0:
        return None, None
    c = verts.mean(0)
    u = np.linalg.svd(verts - c, full_matrices=False)[2][0]
    if u[2] < 0:
        u = -u
    tv = (verts - c) @ u
    p = cgrid.origin + idx[:, ::-1] * cgrid.spacing
    t = ((p - c) @ u - tv.min()) / max(tv.max() - tv.min(), 1)
    return idx, np.clip(t, 0, 1)


# muscle radius (mm) around each bone along its axis: (t, radius) knots; the shank is thin distally, the thigh thick.
MUSCLE_PROFILE = {
    "femur": ([0, 0.15, 0.45, 1.0], [10, 25, 50, 55]),
    "tibia": ([0, 0.3, 0.7, 0.9, 1.0], [4, 10, 32, 25, 10]),
    "fibula": ([0, 0.3, 0.7, 1.0], [4, 10, 28, 15]),
    "patella": ([0, 1], [3, 3]),
    "hip": ([0, 0.4, 1.0], [45, 35, 25]),
    "sacrum": ([0, 1], [25, 30]),
}


def render_tissue(grid, labels, scene, rng, tp, hu, extra_bodies=()):
    """Fill non-bone voxels of `hu` (in place). labels: fine label map (project values)."""
    f = 2 if grid.spacing[0] < 2.5 else 1
    cgrid = Grid(grid.origin, grid.spacing * f, tuple(-(-s // f) for s in grid.shape))
    lc = labels[::f, ::f, ::f]
    lc = np.pad(lc, [(0, a - b) for a, b in zip(cgrid.shape, lc.shape)])
    cs = cgrid.spacing[0]
    # Radius map on bone voxels, then carried to every voxel by its nearest bone voxel.
    rad = np.zeros(cgrid.shape, np.float32)
    for cls, side, verts, _f in scene["bones"]:
        v = label_of(cls, side)
        idx, t = _bone_axis_t(lc, cgrid, v, verts)
        if idx is None:
            continue
        kn, rv = MUSCLE_PROFILE[cls]
        rad[idx[:, 0], idx[:, 1], idx[:, 2]] = np.interp(t, kn, rv) * tp["muscle_scale"]
    # Bones just outside the field of view still carry muscle: pad the grid so edges are not bare.
    body_src = lc > 0
    for b in extra_bodies:  # unlabelled bones (vertebrae, foot bones) also carry soft tissue
        body_src |= b[::f, ::f, ::f][: cgrid.shape[0], : cgrid.shape[1], : cgrid.shape[2]]
    rad[(lc == 0) & body_src] = 20.0 * tp["muscle_scale"]
    x, y, z = cgrid.coords()
    lm = scene["landmarks"]
    if not body_src.any():
        dist = np.full(cgrid.shape, 1e3, np.float32)
        rnear = np.zeros(cgrid.shape, np.float32)
    else:
        dist, ind = ndi.distance_transform_edt(~body_src, sampling=cs, return_indices=True)
        rnear = rad[ind[0], ind[1], ind[2]]
        del ind
    wobble = smooth_noise(cgrid.shape, rng, 25.0 / cs)
    muscle_r = rnear * (1 + 0.2 * wobble)
    fat_r = muscle_r + tp["fat_mm"] * (1 + 0.35 * smooth_noise(cgrid.shape, rng, 30.0 / cs))
    # Pelvis/lower trunk: an elliptic body section from below the hips upward.
    lo, hi = lm["pelvis_lo"], lm["pelvis_hi"]
    cx, cy = 0.5 * (lo[0] + hi[0]), 0.5 * (lo[1] + hi[1])
    ax = 0.5 * (hi[0] - lo[0]) + rng.uniform(25, 90)
    ay = 0.5 * (hi[1] - lo[1]) + rng.uniform(25, 80)
    ztop = hi[2] + 400
    zbot = lo[2] + rng.uniform(-40, 20)
    q = ((x - cx) / ax) ** 2 + ((y - cy) / ay) ** 2
    taper = np.clip((z - zbot) / 40.0, 0, 1)
    trunk = (q < taper) & (z < ztop)
    ell_d = (1 - np.sqrt(q)) * min(ax, ay)  # approx depth below the trunk surface (mm)
    trunk_fat = tp["fat_mm"] * rng.uniform(0.8, 1.6)
    # Continuous HU field on the coarse grid.
    hu_c = np.full(cgrid.shape, -1000.0, np.float32)
    body = (dist < fat_r) | trunk
    depth_skin = np.where(trunk, np.maximum(ell_d * taper, fat_r - dist), fat_r - dist)
    muscle = dist < muscle_r
    hu_c[body] = tp["fat"]
    # Pelvic contents: bowel (soft tissue), mesenteric fat, gas, inside the trunk away from the skin.
    inner = trunk & (ell_d > trunk_fat) & ~muscle
    mix = smooth_noise(cgrid.shape, rng, 12.0 / cs)
    visc = np.where(mix > rng.uniform(-0.5, 0.8), rng.uniform(20, 50), tp["fat"])
    hu_c[inner] = visc[inner]
    hu_c[muscle & body] = tp["muscle"]
    imf = smooth_noise(cgrid.shape, rng, 4.0 / cs) > np.quantile(wobble, 1 - tp["fat_fraction_intramuscular"])
    hu_c[muscle & body & imf] = tp["fat"] + 20
    gas = inner & (smooth_noise(cgrid.shape, rng, 6.0 / cs) > rng.uniform(1.8, 3.2))
    hu_c[gas] = -950
    skin = body & (depth_skin < rng.uniform(1.5, 3.0))
    hu_c[skin] = tp["skin"]
    # Table under a supine patient: posterior (+y) of the body.
    if tp["table"] and body.any():
        ymax = np.max(np.where(body, y, -1e9))
        yt = ymax + rng.uniform(0, 15)
        th = rng.uniform(8, 45)
        width = rng.uniform(380, 520) / 2
        curve = rng.uniform(0, 0.0008)
        ytop = yt + curve * (x - cx) ** 2
        slab = (y >= ytop) & (y < ytop + th) & (np.abs(x - cx) < width)
        shell = slab & ((y < ytop + 2.5) | (y > ytop + th - 2.5))
        slab = np.broadcast_to(slab, cgrid.shape)
        shell = np.broadcast_to(shell, cgrid.shape)
        hu_c[slab & ~body] = rng.uniform(-800, -100)
        hu_c[shell & ~body] = rng.uniform(-100, 600)
    # Back to the render grid.
    zoom = [a / b for a, b in zip(grid.shape, cgrid.shape)]
    hu_f = ndi.zoom(hu_c, zoom, order=1, mode="nearest") if f > 1 else hu_c
    hu_f = hu_f[: grid.shape[0], : grid.shape[1], : grid.shape[2]]
    nb = labels == 0
    hu[nb] = hu_f[nb]
