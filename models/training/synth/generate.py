"""Compose a synthetic CT case: scene (shapes + poses) -> field of view -> bones -> clutter -> soft tissue ->
scanner -> output grid. Seeded: the same seed gives the same case.

  /usr/bin/python3 -m synth.generate pool --out work/pool --start 0 --count 400   (from models/training)
"""
import argparse
import os
import time

import numpy as np

from .bones import render_bones, sample_bone_params
from .clutter import render_clutter
from .grid import Grid
from .scanner import acquire, block_mean, metal_streaks, sample_scanner_params, to_output
from .scene import make_scene
from .shapes import load_labels
from .tissue import render_tissue, sample_tissue_params

LABELS, CLASSES = load_labels()
# project label value -> side-less class index (network channel)
VALUE_TO_CLASS = np.zeros(256, np.uint8)
for _lab in LABELS:
    VALUE_TO_CLASS[_lab["value"]] = CLASSES.index(_lab["bone"])

FOV_KINDS = ["knee", "hip", "ankle", "long", "shaft", "abdomen", "random"]
FOV_P = [0.25, 0.25, 0.1, 0.14, 0.1, 0.06, 0.1]


def sample_fov(scene, rng, kind=None):
    lm = scene["landmarks"]
    kind = kind or rng.choice(FOV_KINDS, p=FOV_P)
    side = rng.choice(["left", "right"])
    one_leg = kind in ("knee", "ankle", "shaft") and rng.random() < 0.4
    plo, phi = lm["pelvis_lo"], lm["pelvis_hi"]
    if kind == "knee":
        zc, zl = lm["knee_" + side][2] + rng.uniform(-30, 30), rng.uniform(100, 320)
        ref = lm["knee_" + side]
    elif kind == "hip":
        zc, zl = lm["head_" + side][2] + rng.uniform(-30, 70), rng.uniform(160, 380)
        ref = lm["head_" + side]
    elif kind == "ankle":
        zc, zl = lm["ankle_" + side][2] + rng.uniform(0, 60), rng.uniform(60, 180)
        ref = lm["ankle_" + side]
    elif kind == "long":
        top = phi[2] + rng.uniform(-60, 40)
        # A knee flexed towards 90 degrees brings the ankle up to the knee's height (supine): never an empty range.
        below_knee = lm["knee_" + side][2] - 60
        bot = rng.uniform(min(lm["ankle_" + side][2], below_knee) - 10, below_knee)
        zc, zl = 0.5 * (top + bot), top - bot
        ref = lm["knee_" + side]
    elif kind == "shaft":
        a, b = lm["ankle_" + side][2], lm["head_" + side][2]
        zc, zl = rng.uniform(a + 60, b - 60), rng.uniform(100, 300)
        ref = lm["knee_" + side]
    elif kind == "abdomen":
        zc, zl = phi[2] + rng.uniform(40, 200), rng.uniform(60, 240)
        ref = 0.5 * (plo + phi)
    else:
        zc, zl = rng.uniform(lm["ankle_" + side][2], phi[2] + 100), rng.uniform(80, 400)
        ref = lm["knee_" + side]
    w = rng.uniform(140, 260) if one_leg else rng.uniform(320, 500)
    if one_leg:
        cx, cy = ref[0], ref[1]
    elif kind in ("hip", "abdomen"):
        cx, cy = lm["x_mid"], 0.5 * (plo[1] + phi[1])
    else:  # both legs: centre on the legs at this height (they sit posterior to the pelvis centre)
        both = [_leg_point(lm, s_, zc) for s_ in ("left", "right")]
        cx, cy = np.mean(both, axis=0)[:2]
    cx, cy = cx + rng.uniform(-25, 25), cy + rng.uniform(-25, 25)
    lo = np.array([cx - w / 2, cy - w / 2, zc - zl / 2])
    hi = np.array([cx + w / 2, cy + w / 2, zc + zl / 2])
    return lo, hi, str(kind)


def _leg_point(lm, side, z):
    """Centre of that leg's bones closest to height z."""
    v = np.concatenate([lm["femur_" + side], lm["tibia_" + side]])
    return v[np.argsort(np.abs(v[:, 2] - z))[:50]].mean(0)


def render_case(seed, spacing, kind=None, individual=False, fov=None, max_voxels=40e6, neutral=False,
                max_extent_mm=None):
    """Ideal HU (float32) + label values (uint8) on an isotropic grid over a sampled field of view."""
    rng = np.random.default_rng(seed)
    scene = make_scene(rng, individual=individual, neutral=neutral)
    lo, hi, kind = fov if fov is not None else sample_fov(scene, rng, kind)
    if max_extent_mm is not None:  # clinical matrices: clamp the box about its centre
        c, half = 0.5 * (lo + hi), np.minimum(0.5 * (hi - lo), 0.5 * np.asarray(max_extent_mm, float))
        lo, hi = c - half, c + half
    grid = Grid.around(lo, hi, spacing)
    if np.prod(grid.shape) > max_voxels:
        raise ValueError(f"field of view too large at {spacing} mm: {grid.shape}")
    labels = np.zeros(grid.shape, np.uint8)
    hu = np.zeros(grid.shape, np.float32)
    bp, tp = sample_bone_params(rng), sample_tissue_params(rng)
    render_bones(scene["bones"], grid, rng, bp, labels, hu)
    hu_clutter = np.zeros(grid.shape, np.float32)
    cv = render_clutter(grid, hu_clutter, labels, scene, rng, bp, tp, kind)
    render_tissue(grid, labels, scene, rng, tp, hu, extra_bodies=(cv.bone,))
    hu[cv.written] = hu_clutter[cv.written]
    return dict(grid=grid, hu=hu, labels=labels, metal=cv.metal, rng=rng, kind=kind, scene=scene)


def class_vote(labels_values, f):
    """Side-less class per output voxel: the bone class holding >= half of the f^3 sub-voxels, else background."""
    cls = VALUE_TO_CLASS[labels_values]
    if f == 1:
        return cls
    counts = np.stack([block_mean((cls == c).astype(np.float32), f) for c in range(len(CLASSES))])
    best = counts[1:].argmax(0) + 1
    return np.where(counts[1:].max(0) >= 0.5, best, 0).astype(np.uint8)


def training_sample(seed, out_spacing=3.0, kind=None, individual=False):
    """One training volume at out_spacing: (hu int16 [z,y,x], class uint8 [z,y,x], kind)."""
    try:
        f = 2
        c = render_case(seed, out_spacing / f, kind=kind, individual=individual, max_voxels=24e6)
    except ValueError:  # very long fields of view: render straight at the output spacing
        f = 1
        c = render_case(seed, out_spacing, kind=kind, individual=individual, max_voxels=1e9)
    rng, hu = c["rng"], c["hu"]
    metal_streaks(hu, c["metal"], c["grid"], rng)
    sp = sample_scanner_params(rng)
    hu = acquire(hu, c["grid"], rng, sp)
    slice_spacing = max(sp["slice_mm"], float(rng.uniform(0.5, 1.0)) * sp["slice_mm"] + rng.uniform(0, 1))
    hu = to_output(hu, f, rng, slice_spacing, out_spacing)
    cls = class_vote(c["labels"], f)
    n = [min(a, b) for a, b in zip(hu.shape, cls.shape)]
    hu = np.clip(np.round(hu[: n[0], : n[1], : n[2]]), -1024, 3071).astype(np.int16)
    return hu, cls[: n[0], : n[1], : n[2]], c["kind"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["pool"])
    ap.add_argument("--out", required=True)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--spacing", type=float, default=3.0)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for seed in range(a.start, a.start + a.count):
        path = os.path.join(a.out, f"{seed:06d}.npz")
        if os.path.exists(path):
            continue
        t = time.time()
        hu, cls, kind = training_sample(seed, a.spacing)
        np.savez_compressed(path + ".tmp.npz", hu=hu, cls=cls, kind=kind, spacing=a.spacing)
        os.replace(path + ".tmp.npz", path)
        print(f"{seed} {kind} {hu.shape} {time.time() - t:.1f}s", flush=True)


if __name__ == "__main__":
    main()


def native_case(seed, inplane_mm, slice_mm, kind=None, individual=False, fov=None, noise=None, max_voxels=60e6,
                neutral=False, max_extent_mm=None):
    """A case on a clinical-like grid: in-plane spacing inplane_mm, slices of slice_mm thickness and spacing.
    Returns (hu int16 [z,y,x], label values uint8 [z,y,x], Grid, kind)."""
    c = render_case(seed, inplane_mm, kind=kind, individual=individual, fov=fov, max_voxels=max_voxels,
                    neutral=neutral, max_extent_mm=max_extent_mm)
    rng, hu, grid = c["rng"], c["hu"], c["grid"]
    metal_streaks(hu, c["metal"], grid, rng)
    sp = sample_scanner_params(rng)
    sp["slice_mm"] = slice_mm
    if noise is not None:
        sp["noise"] = noise
    hu = acquire(hu, grid, rng, sp)
    step = slice_mm / inplane_mm
    zs = np.arange(0, hu.shape[0] - 0.5, step)
    zi = np.round(zs).astype(int)
    from scipy import ndimage as ndi
    yy, xx = np.arange(hu.shape[1]), np.arange(hu.shape[2])
    hu = ndi.map_coordinates(hu, np.meshgrid(zs, yy, xx, indexing="ij"), order=1, mode="nearest")
    labels = c["labels"][zi]
    # labels follow the slice profile centre: nearest rendered plane to each slice position
    g = Grid(grid.origin, (grid.spacing[0], grid.spacing[1], slice_mm), hu.shape)
    hu = np.clip(np.round(hu), -1024, 3071).astype(np.int16)
    return hu, labels, g, c["kind"]
