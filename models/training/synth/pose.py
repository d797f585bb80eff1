"""Joint poses without bone overlap: knee joint space + flexion + patella tracking, hip rotation about the head.

Legs are posed in the LEFT-leg frame of the shape model; right legs are mirrored afterwards (generate.py)."""
import numpy as np
from scipy import ndimage as ndi

from .voxelise import voxelise


def rot(axis, deg):
    a = np.deg2rad(deg)
    c, s = np.cos(a), np.sin(a)
    if axis == "x":
        return np.array([[1, 0, 0], [0, c, -s], [0, s, c]])
    if axis == "y":
        return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])


def rotate_about(v, R, centre):
    return (v - centre) @ R.T + centre


class SignedDistance:
    """Signed distance (mm, negative inside) to one mesh on a local 1 mm grid, sampled trilinearly."""

    def __init__(self, verts, faces, lo, hi, step=1.0):
        self.lo = np.asarray(lo, float)
        self.step = step
        shape = tuple((np.ceil((np.asarray(hi) - lo) / step) + 1).astype(int)[::-1])
        m = voxelise(verts, faces, self.lo, (step,) * 3, shape)
        self.sd = (ndi.distance_transform_edt(~m) - ndi.distance_transform_edt(m)) * step

    def __call__(self, p):
        idx = ((p - self.lo) / self.step)[:, ::-1].T
        return ndi.map_coordinates(self.sd, idx, order=1, mode="nearest")


def place_with_gap(points, sdf, direction, gap, s_range=(-30.0, 45.0)):
    """Smallest shift s along `direction` (unit, pointing AWAY from the sdf's bone) such that every point is at least
    `gap` mm outside sdf: the closest position that keeps the gap. Not found in range: the farthest shift."""
    d = direction / np.linalg.norm(direction)
    shifts = np.arange(s_range[0], s_range[1], 0.5)
    best = s_range[1]
    for s in shifts:
        if sdf(points + s * d).min() >= gap:
            best = s
            break
    return best * d


def knee_frame(femur_v):
    """Approximate flexion axis point: centre of the posterior femoral condyle arcs."""
    distal = femur_v[femur_v[:, 2] < femur_v[:, 2].min() + 45]
    zmin = distal[:, 2].min()
    ypost = distal[:, 1].max()
    rc = 21.0
    return np.array([distal[:, 0].mean(), ypost - rc, zmin + rc])


def pose_leg(bones, rng, params):
    """Pose one leg in place. bones: dict name -> (verts, faces) for femur/tibia/fibula/patella (+ hip of that side
    for the head-centre reference). params: flexion, gap, patella_ratio, hip angles, head centre."""
    fv, ff = bones["femur"]
    tv, tf = bones["tibia"]
    bv, bf = bones["fibula"]
    pv, pf = bones["patella"]
    distal = fv[fv[:, 2] < fv[:, 2].min() + 90]
    lo = distal.min(0) - [20, 45, 25]
    hi = distal.max(0) + [20, 45, 10]
    sdf = SignedDistance(fv, ff, lo, hi, step=2.5)
    gap = params["knee_gap"]
    # 1) joint space in extension: slide tibia + fibula along the long axis, away from the femur (-z), to the
    #    highest position that keeps the gap. Shape-model instances overlap the femur by up to ~25 mm at first.
    prox = tv[tv[:, 2] > tv[:, 2].max() - 45]
    fprox = bv[bv[:, 2] > bv[:, 2].max() - 30]
    pts = np.concatenate([prox, fprox])
    t = place_with_gap(pts, sdf, np.array([0, 0, -1.0]), gap, s_range=(-30.0, 60.0))
    tv, bv = tv + t, bv + t
    # 2) flexion about the condyle axis, then restore the joint space radially.
    c = knee_frame(fv)
    R = rot("x", params["knee_flexion"])
    tv, bv = rotate_about(tv, R, c), rotate_about(bv, R, c)
    prox = tv[tv[:, 2] > tv[:, 2].max() - 60]
    plateau = tv[np.argsort(((tv - c) ** 2).sum(1))[:200]].mean(0)
    t = place_with_gap(np.concatenate([prox, bv]), sdf, plateau - c, gap)
    tv, bv = tv + t, bv + t
    # 3) patella tracks the trochlea: a fraction of the flexion, kept off the femur.
    Rp = rot("x", params["knee_flexion"] * params["patella_ratio"])
    pv = rotate_about(pv, Rp, c)
    out = pv.mean(0) - c
    t = place_with_gap(pv, sdf, out, params["patella_gap"])
    pv = pv + t
    # 4) hip: flexion (knee moves anterior, -y), abduction, rotation of the whole leg about the femoral head centre.
    h = params["head_centre"]
    shaft = fv[fv[:, 2] < fv[:, 2].min() + 60].mean(0) - h
    shaft /= np.linalg.norm(shaft)
    Rh = rot("x", -params["hip_flexion"]) @ rot("y", -params["hip_abduction"]) @ axis_angle(shaft, params["hip_rotation"])
    posed = {}
    for name, v, f in (("femur", fv, ff), ("tibia", tv, tf), ("fibula", bv, bf), ("patella", pv, pf)):
        posed[name] = (rotate_about(v, Rh, h), f)
    return posed


def axis_angle(axis, deg):
    a = axis / np.linalg.norm(axis)
    th = np.deg2rad(deg)
    K = np.array([[0, -a[2], a[1]], [a[2], 0, -a[0]], [-a[1], a[0], 0]])
    return np.eye(3) + np.sin(th) * K + (1 - np.cos(th)) * K @ K


def sample_leg_params(rng, head_centre, neutral=False):
    if neutral:  # the usual supine scan: legs straight, toes up
        return dict(knee_gap=rng.uniform(3.0, 4.5), knee_flexion=rng.uniform(0, 6), patella_ratio=0.7,
                    patella_gap=rng.uniform(2.0, 3.0), hip_flexion=rng.uniform(-2, 4), hip_abduction=rng.uniform(0, 5),
                    hip_rotation=rng.uniform(-8, 8), head_centre=head_centre)
    flex = rng.choice([rng.uniform(0, 10), rng.uniform(0, 90)], p=[0.45, 0.55])
    return dict(
        knee_gap=rng.uniform(2.0, 5.0),
        knee_flexion=flex,
        patella_ratio=rng.uniform(0.55, 0.8),
        patella_gap=rng.uniform(1.5, 4.0),
        hip_flexion=rng.uniform(-8, 35) if rng.random() < 0.6 else rng.uniform(-5, 8),
        hip_abduction=rng.uniform(-8, 18),
        hip_rotation=rng.uniform(-25, 25),
        head_centre=head_centre,
    )


def clear_hip_joint(leg, hip_v, hip_f, head, gap):
    """Move a posed leg a little out of its acetabulum along the socket's opening, at most 4 mm.

    Shape-model hip surfaces are smoothed: their socket is shallower than the head, which sits 6-16 mm inside the
    mesh even in the mean shape. Pushing the head fully clear would dislocate the hip; render_bones carves the socket
    around the head instead (joint space)."""
    near = hip_v[((hip_v - head) ** 2).sum(1) < 45.0 ** 2]
    if len(near) < 4:
        return leg
    fv = leg["femur"][0]
    headpts = fv[((fv - head) ** 2).sum(1) < 60.0 ** 2]
    lo = np.minimum(near.min(0), headpts.min(0)) - 20
    hi = np.maximum(near.max(0), headpts.max(0)) + 20
    sdf = SignedDistance(hip_v, hip_f, lo, hi, step=2.5)
    t = place_with_gap(headpts, sdf, head - near.mean(0), gap, s_range=(-4.0, 4.0))
    return {k: (v + t, f) for k, (v, f) in leg.items()}
