"""The demo patient shipped in sample-data/: one SYNTHETIC patient, two CT series of the same body (pelvis + hips,
and knees), with reference labels. Fully generated; never hand-edited.

  /usr/bin/python3 models/training/make_sample_patient.py [--out sample-data]
"""
import argparse
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from synth.generate import native_case  # noqa: E402
from synth.nifti_io import save  # noqa: E402
from synth.scene import make_scene  # noqa: E402

SEED = 20261126  # not a training seed (those are < 900000 in practice: 0..N)
MATRIX = 256
FOV_MM = 400.0
SLICE_MM = 2.0


def fovs(seed):
    """Both fields of view from the patient's own landmarks (same seed -> same scene as native_case renders)."""
    lm = make_scene(np.random.default_rng(seed), neutral=True)["landmarks"]
    pelvis_lo, pelvis_hi = lm["pelvis_lo"], lm["pelvis_hi"]
    cx = lm["x_mid"]
    cy = 0.5 * (pelvis_lo[1] + pelvis_hi[1]) + 20
    heads = 0.5 * (lm["head_left"][2] + lm["head_right"][2])
    pel = (np.array([cx - FOV_MM / 2, cy - FOV_MM / 2, heads - 110]),
           np.array([cx + FOV_MM / 2, cy + FOV_MM / 2, pelvis_hi[2] + 20]), "hip")
    knees = 0.5 * (lm["knee_left"] + lm["knee_right"])
    kn = (np.array([cx - FOV_MM / 2, knees[1] - FOV_MM / 2, knees[2] - 100]),
          np.array([cx + FOV_MM / 2, knees[1] + FOV_MM / 2, knees[2] + 100]), "knee")
    return {"pelvis": pel, "knees": kn}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(HERE, "..", "..", "sample-data"))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for name, fov in fovs(SEED).items():
        hu, lab, grid, _ = native_case(SEED, FOV_MM / MATRIX, SLICE_MM, fov=fov, noise=25.0, neutral=True)
        # Outside the reconstruction circle a scanner writes padding, as real CT series do.
        n = hu.shape[1]
        yy, xx = np.mgrid[:n, :n] - (n - 1) / 2
        hu[:, np.hypot(yy, xx) > n / 2] = -1024
        base = os.path.join(a.out, f"synthetic-patient-{name}")
        save(base + ".nii.gz", hu, grid, np.int16)
        save(base + "_labels.nii.gz", lab, grid, np.uint8)
        vals, counts = np.unique(lab, return_counts=True)
        print(base, hu.shape, grid.spacing, dict(zip(vals.tolist(), counts.tolist())))


if __name__ == "__main__":
    main()
