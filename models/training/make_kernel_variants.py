"""Reconstruction-kernel variants of held-out native cases, to check that the native-resolution boundaries do not
depend on the generator's one point-spread function. Real scanners reconstruct bone with sharp kernels (edge
overshoot, a dark undershoot ring) and soft tissue with smooth ones (wider blur).

  /usr/bin/python3 make_kernel_variants.py --val work/v2/val --out work/v2/kernels
      -> <case>_sharp_ct.nii.gz, <case>_smooth_ct.nii.gz and a copy of <case>_labels.nii.gz under each name

In-plane only (slices keep their own thickness profile):
  sharp  = CT + 1.2 (CT - G_0.8mm * CT)   (unsharp mask: a bone kernel's overshoot)
  smooth = G_0.9mm * CT                   (a soft kernel on top of the generator's blur)
"""
import argparse
import os
import shutil

import nibabel as nib
import numpy as np
from scipy import ndimage

CASES = ["indiv_pelvis_b", "ssm_hip_c", "indiv_knee_b", "ssm_knee"]


def in_plane_sigma(mm, zooms):
    return (mm / zooms[0], mm / zooms[1], 0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--val", default="work/v2/val")
    ap.add_argument("--out", default="work/v2/kernels")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for case in CASES:
        img = nib.load(os.path.join(a.val, f"{case}_ct.nii.gz"))
        ct = np.asarray(img.dataobj).astype(np.float32)
        zooms = img.header.get_zooms()
        variants = {
            "sharp": ct + 1.2 * (ct - ndimage.gaussian_filter(ct, in_plane_sigma(0.8, zooms))),
            "smooth": ndimage.gaussian_filter(ct, in_plane_sigma(0.9, zooms)),
        }
        for tag, arr in variants.items():
            hu = np.clip(np.round(arr), -1024, 3071).astype(np.int16)
            nib.save(nib.Nifti1Image(hu, img.affine, img.header), os.path.join(a.out, f"{case}_{tag}_ct.nii.gz"))
            shutil.copyfile(os.path.join(a.val, f"{case}_labels.nii.gz"), os.path.join(a.out, f"{case}_{tag}_labels.nii.gz"))
        print(case, "done")


if __name__ == "__main__":
    main()
