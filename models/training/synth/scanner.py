"""CT acquisition effects on an ideal HU volume: metal streaks, blur (in-plane PSF and slice profile), correlated
noise (low-dose to standard), HU calibration offsets, then resampling to the output grid."""
import numpy as np
from scipy import ndimage as ndi


def sample_scanner_params(rng):
    return dict(
        psf_mm=rng.uniform(0.3, 1.0),
        slice_mm=float(rng.choice([rng.uniform(0.5, 1.5), rng.uniform(1.5, 3.0), rng.uniform(3.0, 5.0)])),
        noise=float(np.exp(rng.uniform(np.log(6), np.log(90)))),  # std (HU) at 1 mm voxels
        noise_corr_mm=rng.uniform(0.4, 1.0),
        offset=rng.normal(0, 12),
        gain=rng.uniform(0.95, 1.05),
    )


def metal_streaks(hu, metal, grid, rng):
    """Bright/dark streaks radiating in the axial plane from metal (beam hardening / photon starvation look)."""
    if not metal.any():
        return
    x, y, _ = grid.coords()
    x, y = x[0], y[0]
    amp = rng.uniform(150, 900)
    for k in np.nonzero(metal.any(axis=(1, 2)))[0]:
        jj, ii = np.nonzero(metal[k])
        cx, cy = x[0, ii].mean(), y[jj, 0].mean()
        streak = np.zeros(metal.shape[1:], np.float32)
        for th in rng.uniform(0, np.pi, rng.integers(3, 9)):
            d = np.abs((x - cx) * np.sin(th) - (y - cy) * np.cos(th))
            streak += rng.choice([-1.0, 0.6]) * amp * np.exp(-0.5 * (d / rng.uniform(1.0, 3.0)) ** 2)
        r = np.sqrt((x - cx) ** 2 + (y - cy) ** 2)
        hu[k] += streak * np.exp(-r / rng.uniform(60, 200))


def acquire(hu, grid, rng, sp):
    """Blur + noise at the render grid spacing (in place on a float32 copy)."""
    g = grid.spacing[0]
    sig_xy = sp["psf_mm"] / g
    sz = max(sp["slice_mm"], grid.spacing[2]) / grid.spacing[2]
    out = ndi.gaussian_filter(hu, [max(sz / 2.6, 0.3), sig_xy, sig_xy], mode="nearest")
    nc = sp["noise_corr_mm"] / g
    noise = ndi.gaussian_filter(rng.standard_normal(hu.shape).astype(np.float32), [0.3, nc, nc])
    noise *= sp["noise"] / (noise.std() + 1e-6) / np.sqrt(max(sp["slice_mm"], 0.5) * g * g)  # dose per voxel
    out += noise
    out = out * sp["gain"] + sp["offset"]
    return out


def block_mean(a, f):
    """Mean over f x f x f blocks (shape trimmed to multiples of f)."""
    if f == 1:
        return a
    s = [n // f * f for n in a.shape]
    a = a[: s[0], : s[1], : s[2]]
    return a.reshape(s[0] // f, f, s[1] // f, f, s[2] // f, f).mean(axis=(1, 3, 5))


def to_output(hu, f, rng, slice_spacing_mm, out_spacing_mm):
    """Render grid -> output grid: block averaging or point sampling (resamplers differ), plus z stair-steps of
    thick slice spacing when the native spacing exceeds the output spacing."""
    if f > 1:
        if rng.random() < 0.5:
            o = rng.integers(0, f, 3)
            s = [n // f * f for n in hu.shape]
            hu = hu[o[0]: s[0]: f, o[1]: s[1]: f, o[2]: s[2]: f]
        else:
            hu = block_mean(hu, f)
    if slice_spacing_mm > out_spacing_mm * 1.2:
        step = slice_spacing_mm / out_spacing_mm
        zs = np.arange(0, hu.shape[0] - 1, step)
        thick = ndi.map_coordinates(hu, np.meshgrid(zs, np.arange(hu.shape[1]), np.arange(hu.shape[2]),
                                                    indexing="ij"), order=1)
        zi = np.clip(np.arange(hu.shape[0]) / step, 0, len(zs) - 1)
        hu = ndi.map_coordinates(thick, np.meshgrid(zi, np.arange(hu.shape[1]), np.arange(hu.shape[2]),
                                                    indexing="ij"), order=1)
    return hu
