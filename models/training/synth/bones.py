"""Labelled bones on a grid: label map (project label values) and bone Hounsfield units (cortex, cancellous bone,
fatty marrow in the shafts, trabecular texture)."""
import numpy as np
from scipy import ndimage as ndi

from .shapes import label_value
from .voxelise import voxelise_robust

LONG = ("femur", "tibia", "fibula")


def label_of(cls, side):
    return label_value(cls if side is None else f"{cls}_{side}")


def smooth_noise(shape, rng, sigma_vox, dtype=np.float32):
    """Zero-mean, unit-std smooth random field (cheap: filter at low resolution, then zoom)."""
    f = max(1, int(sigma_vox // 2))
    small = tuple(max(2, -(-s // f)) for s in shape)
    n = ndi.gaussian_filter(rng.standard_normal(small).astype(dtype), max(sigma_vox / f, 0.5))
    if f > 1:
        n = ndi.zoom(n, [s / m for s, m in zip(shape, small)], order=1)[: shape[0], : shape[1], : shape[2]]
        pad = [(0, s - m) for s, m in zip(shape, n.shape)]
        n = np.pad(n, pad, mode="edge")
    n -= n.mean()
    return n / (n.std() + 1e-6)


def sample_bone_params(rng):
    porotic = rng.random() < 0.25
    return dict(
        joint_space=rng.uniform(1.5, 4.0),  # mm of cartilage + fluid between articulating bones
        cortical=rng.uniform(900, 1750),
        cancellous=rng.uniform(60, 180) if porotic else rng.uniform(150, 380),
        marrow=rng.uniform(-90, 60),
        cortex_scale=rng.uniform(0.6, 1.4) * (0.75 if porotic else 1.0),
        texture=rng.uniform(15, 70),
    )


def render_bones(scene_bones, grid, rng, bp, labels, hu):
    """Voxelise each mesh into `labels` (in place) and write its Hounsfield units into `hu` (in place)."""
    g = grid.spacing[0]
    for cls, side, v, f in scene_bones:
        sl = grid.sub_box(v.min(0), v.max(0), pad=3 * g)
        if sl is None:
            continue
        sub = grid.sub_grid(sl)
        m = voxelise_robust(v, f, sub.origin, sub.spacing, sub.shape)
        if not m.any():
            continue
        # Joint space: this bone clears a shell around itself of the bones drawn before it (the femoral head shapes
        # its acetabulum, the tibia its neighbours). Smoothed shape-model surfaces fill sockets and touch otherwise.
        own = label_of(cls, side)
        shell = ndi.distance_transform_edt(~m, sampling=sub.spacing[::-1]) <= bp["joint_space"]
        sub_labels = labels[sl]
        cleared = shell & (sub_labels > 0) & (sub_labels != own)
        sub_labels[cleared] = 0
        labels[sl][m] = own
        depth = ndi.distance_transform_edt(np.pad(m, 1), sampling=sub.spacing[::-1])[1:-1, 1:-1, 1:-1]
        # Local bone half-thickness: thick cortex around a narrow shaft, thin shell over wide epiphyses.
        size = max(3, int(round(24.0 / g)) | 1)
        R = ndi.maximum_filter(depth, size=size)
        dm = depth[m]
        Rm = np.maximum(R[m], 1.0)
        if cls in LONG:
            tc = np.interp(Rm, [3, 6, 10, 15, 20, 28], [1.2, 2.2, 4.5, 5.0, 1.6, 0.9])
            shaft = np.clip((21.0 - Rm) / 7.0, 0, 1) * (Rm > 7)
        else:
            tc = np.interp(Rm, [3, 8, 15, 30], [1.0, 1.6, 1.4, 1.0])
            shaft = 0.0
        tc = tc * bp["cortex_scale"]
        inner = (1 - shaft) * bp["cancellous"] + shaft * bp["marrow"]
        w = np.clip((dm - tc) / max(g, 0.5) + 0.5, 0, 1)  # sub-voxel soft edge of the cortex
        val = (1 - w) * bp["cortical"] + w * inner
        hu[sl][m] = val.astype(np.float32)
    bone = labels > 0
    if bone.any():
        tex = smooth_noise(labels.shape, rng, 0.8 / g + 0.3)
        hu[bone] += bp["texture"] * tex[bone]
