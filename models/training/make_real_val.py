"""Real pelvic bones as CT inputs for validation: the five expert-labelled cases of
../shared/data/ct/real-pelvis-bones-5 (read from there, never copied into the project) put back into a body.

  /usr/bin/python3 make_real_val.py [--cases 001,002,003,004,005] [--out work/real]

Writes work/real/<resolution>/<case>_ct.nii.gz and <case>_labels.nii.gz for `tsx cli/validate-cases.ts --cases`:
  native   the source grid (0.75-0.97 mm in-plane, 0.8-1.0 mm slices)
  slice3   3 mm slices (block means across slices: a thick-slice reconstruction), native in-plane
  slice5   5 mm slices
  iso3     about 3 mm in all axes (block means; as ../shared/tools/real-bones-check.py builds it)
Labels of a block are the label at its centre voxel (the same convention as the shared check).

The sources hold HU only inside the bones. The body built around them (stated in MODEL_CARD.md):
  - muscle within 15-35 mm of bone (35-60 HU, smooth texture, streaks of intramuscular fat),
  - subcutaneous fat (-120 to -70 HU) 10-40 mm beyond the muscle, skin 2 mm (30-60 HU), air outside,
  - gas pockets (-900 HU) in soft tissue inside the pelvic ring for some cases,
  - scanner noise (sd 8-20 HU, smoothed over about a voxel) on the soft tissue; the bone keeps its own real noise.
Each case gets its own random body (seeded by the case number). Cases 004 and 005 are the validation pair of the data
README: they are for reporting, never for choosing a constant. Cases 001-003 may be used for tuning; say which.
"""
import argparse
import os

import nibabel as nib
import numpy as np
from scipy import ndimage as ndi

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "shared", "data", "ct", "real-pelvis-bones-5")
PARTS = {"LI": 9, "RI": 10, "SA": 11}  # labels.json values: hip_left, hip_right, sacrum


def smooth_noise(shape, rng, sigma, f=2):
    """Smooth unit noise; fields smoother than a few voxels are made on an f-times coarser grid (cheap)."""
    if sigma < 2 * f:
        f = 1
    small = tuple(-(-s // f) for s in shape)
    n = ndi.gaussian_filter(rng.standard_normal(small).astype(np.float32), sigma / f)
    if f > 1:
        n = np.repeat(np.repeat(np.repeat(n, f, 0), f, 1), f, 2)[: shape[0], : shape[1], : shape[2]]
    return n / max(float(n.std()), 1e-6)


def build_native(case, rng):
    ct = ref = affine = None
    for part, value in PARTS.items():
        img = nib.load(os.path.join(DATA, f"{case}_{part}.nii.gz"))
        hu = np.asarray(img.dataobj).astype(np.float32)
        mask = np.asarray(nib.load(os.path.join(DATA, f"{case}_{part}_mask.nii.gz")).dataobj) > 0
        if ct is None:
            ct = np.zeros(hu.shape, np.float32)
            ref = np.zeros(hu.shape, np.uint8)
            affine = img.affine
        ct[mask] = hu[mask]
        ref[mask] = value
    zooms = np.sqrt((affine[:3, :3] ** 2).sum(0))
    bone = ref > 0
    # Distances on a 2x coarser grid (cheap), carried back by nearest neighbour.
    f = 2
    coarse_bone = bone[::f, ::f, ::f]
    dist = ndi.distance_transform_edt(~coarse_bone, sampling=zooms * f).astype(np.float32)
    dist = np.repeat(np.repeat(np.repeat(dist, f, 0), f, 1), f, 2)[: bone.shape[0], : bone.shape[1], : bone.shape[2]]
    # Inside the pelvic ring: far from the bone surface but enclosed by bone in the axial plane (filled per slice).
    slice_axis = int(np.argmax(np.abs(affine[2, :3]) / zooms))
    ring = np.zeros_like(bone)
    for k in range(bone.shape[slice_axis]):
        sl = [slice(None)] * 3
        sl[slice_axis] = k
        b = ndi.binary_closing(bone[tuple(sl)], iterations=12)
        ring[tuple(sl)] = ndi.binary_fill_holes(b)
    muscle_mm = rng.uniform(15, 35)
    fat_mm = rng.uniform(10, 40)
    wob = smooth_noise(bone.shape, rng, 12.0)
    muscle = dist < muscle_mm * (1 + 0.25 * wob)
    body = dist < (muscle_mm + fat_mm) * (1 + 0.15 * wob)
    body |= ring
    hu = np.full(bone.shape, -1000.0, np.float32)
    hu[body] = rng.uniform(-120, -70)
    tex = smooth_noise(bone.shape, rng, 2.5)
    hu[muscle] = (rng.uniform(35, 60) + 8 * tex)[muscle]
    streaks = smooth_noise(bone.shape, rng, 1.5) > rng.uniform(1.3, 2.2)
    hu[muscle & streaks] = rng.uniform(-110, -60)
    skin = body & ~ndi.binary_erosion(body, iterations=2)
    hu[skin] = rng.uniform(30, 60)
    if rng.random() < 0.6:
        gas = ring & ~bone & (dist > 8) & (smooth_noise(bone.shape, rng, 4.0) > rng.uniform(2.0, 2.8))
        hu[gas] = -900
    sd = rng.uniform(8, 20)
    hu += ndi.gaussian_filter(rng.standard_normal(bone.shape).astype(np.float32), 0.7) * sd * 2.0
    hu[bone] = ct[bone]  # real bone keeps its own scanner noise
    return hu, ref, affine, zooms, slice_axis


def block_resample(hu, ref, affine, factors):
    f = np.array(factors, int)
    n = (np.array(hu.shape) // f) * f
    a = hu[: n[0], : n[1], : n[2]].reshape(n[0] // f[0], f[0], n[1] // f[1], f[1], n[2] // f[2], f[2]).mean((1, 3, 5))
    r = ref[f[0] // 2 : n[0] : f[0], f[1] // 2 : n[1] : f[1], f[2] // 2 : n[2] : f[2]]
    aff = affine.copy()
    aff[:3, :3] = affine[:3, :3] * f
    aff[:3, 3] += affine[:3, :3] @ ((f - 1) / 2)
    return a, r, aff


def save(folder, case, hu, ref, affine):
    os.makedirs(folder, exist_ok=True)
    nib.save(nib.Nifti1Image(np.round(hu).astype(np.int16), affine), os.path.join(folder, f"real{case}_ct.nii.gz"))
    nib.save(nib.Nifti1Image(ref.astype(np.uint8), affine), os.path.join(folder, f"real{case}_labels.nii.gz"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", default="001,002,003,004,005")
    ap.add_argument("--out", default=os.path.join(HERE, "work", "real"))
    a = ap.parse_args()
    for case in a.cases.split(","):
        rng = np.random.default_rng(7000 + int(case))
        hu, ref, affine, zooms, slice_axis = build_native(case, rng)
        save(os.path.join(a.out, "native"), case, hu, ref, affine)
        for name, mm in (("slice3", 3.0), ("slice5", 5.0)):
            f = [1, 1, 1]
            f[slice_axis] = max(1, int(round(mm / zooms[slice_axis])))
            save(os.path.join(a.out, name), case, *block_resample(hu, ref, affine, f))
        f = np.maximum(1, np.round(3.0 / zooms)).astype(int)
        save(os.path.join(a.out, "iso3"), case, *block_resample(hu, ref, affine, f))
        inside = {k: float(np.median(hu[ref == v])) for k, v in PARTS.items()}
        print(f"{case}: shape {hu.shape}, spacing {np.round(zooms, 2).tolist()}, slice axis {slice_axis}, "
              f"median HU inside {inside}", flush=True)


if __name__ == "__main__":
    main()
