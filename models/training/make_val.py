"""Held-out validation data (never used in training: training seeds are < 900000, and the individual surfaces are
never in the training pool).

  /usr/bin/python3 make_val.py             -> work/val_coarse/*.npz (3 mm, Python check during training)
  /usr/bin/python3 make_val.py --native    -> also work/val/<case>_ct.nii.gz + <case>_labels.nii.gz (native grid)
"""
import argparse
import os
import sys
import time

import numpy as np

from synth.generate import native_case, training_sample
from synth.nifti_io import save

HERE = os.path.dirname(os.path.abspath(__file__))
# (name, seed, field of view, individual surfaces?)
COARSE = [
    ("ssm_knee_a", 900001, "knee", False), ("ssm_knee_b", 900002, "knee", False),
    ("ssm_hip_a", 900003, "hip", False), ("ssm_hip_b", 900004, "hip", False),
    ("ssm_ankle", 900005, "ankle", False), ("ssm_long", 900006, "long", False),
    ("ssm_shaft", 900007, "shaft", False), ("ssm_abdomen", 900008, "abdomen", False),
    ("indiv_hip_a", 900011, "hip", True), ("indiv_hip_b", 900012, "hip", True),
    ("indiv_knee", 900013, "knee", True), ("indiv_shank", 900014, "shaft", True),
]
# native-grid NIfTI cases for the TS CLI: (name, seed, fov, individual, in-plane mm, slice mm)
NATIVE = [
    ("ssm_knee", 900101, "knee", False, 0.8, 1.0),
    ("ssm_hip", 900102, "hip", False, 0.9, 3.0),
    ("ssm_ankle", 900103, "ankle", False, 0.7, 2.0),
    ("indiv_pelvis", 900111, "hip", True, 0.9, 2.0),
    ("indiv_knee", 900112, "knee", True, 0.8, 1.5),
    # More poses, shapes and scanners; several at the 3 mm slices of routine pelvis CT.
    ("ssm_knee_b", 900104, "knee", False, 0.7, 2.0),
    ("ssm_knee_c", 900105, "knee", False, 0.9, 3.0),
    ("ssm_hip_b", 900106, "hip", False, 0.9, 1.5),
    ("ssm_hip_c", 900107, "hip", False, 0.9, 3.0),
    ("ssm_hip_d", 900108, "hip", False, 0.9, 5.0),
    ("indiv_pelvis_b", 900113, "hip", True, 0.9, 3.0),
    ("indiv_pelvis_c", 900114, "hip", True, 0.9, 1.0),
    ("indiv_knee_b", 900115, "knee", True, 0.9, 3.0),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--native", action="store_true")
    ap.add_argument("--out", default=os.path.join(HERE, "work"))
    a = ap.parse_args()
    cdir = os.path.join(a.out, "val_coarse")
    os.makedirs(cdir, exist_ok=True)
    for name, seed, kind, ind in COARSE:
        p = os.path.join(cdir, name + ".npz")
        if os.path.exists(p):
            continue
        t = time.time()
        hu, cls, _ = training_sample(seed, 3.0, kind=kind, individual=ind)
        np.savez_compressed(p, hu=hu, cls=cls, spacing=3.0)
        print(name, hu.shape, f"{time.time() - t:.1f}s", flush=True)
    if not a.native:
        return
    ndir = os.path.join(a.out, "val")
    os.makedirs(ndir, exist_ok=True)
    for name, seed, kind, ind, inplane, sl in NATIVE:
        p = os.path.join(ndir, name + "_ct.nii.gz")
        if os.path.exists(p):
            continue
        t = time.time()
        ext = (380, 380, 260) if kind == "hip" else (300, 300, 220)
        hu, lab, grid, _ = native_case(seed, inplane, sl, kind=kind, individual=ind, max_extent_mm=ext)
        save(os.path.join(ndir, name + "_labels.nii.gz"), lab, grid, np.uint8)
        save(p, hu, grid, np.int16)
        print(name, hu.shape, grid.spacing, f"{time.time() - t:.1f}s", flush=True)


if __name__ == "__main__":
    sys.exit(main())
