"""Quick checks of a trained checkpoint on the coarse 3 mm grid (the TS CLI gives native-resolution figures):
  1. Dice per class on the held-out synthetic volumes in work/val_coarse (fixed seeds >= 900000 + individual
     surfaces never used in training);
  2. negative control on the real abdominal CT series: voxels per class (should all be background).

  /usr/bin/python3 evaluate.py [--ckpt work/ckpt.pt] [--json work/eval.json]
"""
import argparse
import glob
import json
import os

import numpy as np
import pydicom
import torch
from scipy import ndimage as ndi

from synth.shapes import load_labels
from data import load_volume
from train import dice_table, predict
from unet import model_for

HERE = os.path.dirname(os.path.abspath(__file__))
ABDOMEN = "/work/shared/data/ct/real-abdomen-ct-20-slices"
_, CLASSES = load_labels()


def read_series(folder):
    """Axial DICOM series -> HU [z, y, x] in LPS order (z ascending = superior) and spacing (x, y, z)."""
    ds = [pydicom.dcmread(p) for p in sorted(glob.glob(os.path.join(folder, "CT*")))]
    ds.sort(key=lambda d: float(d.ImagePositionPatient[2]))
    hu = np.stack([d.pixel_array * float(d.RescaleSlope) + float(d.RescaleIntercept) for d in ds]).astype(np.float32)
    assert [round(float(v)) for v in ds[0].ImageOrientationPatient] == [1, 0, 0, 0, 1, 0], "axial LPS only"
    dz = abs(float(ds[1].ImagePositionPatient[2]) - float(ds[0].ImagePositionPatient[2]))
    return hu, (float(ds[0].PixelSpacing[1]), float(ds[0].PixelSpacing[0]), dz)


def to_coarse(hu, spacing, target=3.0):
    """Area-average-like downsampling (Gaussian anti-alias, then linear) to the network's spacing."""
    f = [s / target for s in spacing[::-1]]
    sig = [max(0.0, 0.4 / z - 0.4) for z in f]
    return ndi.zoom(ndi.gaussian_filter(hu, sig), f, order=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default=os.path.join(HERE, "work", "ckpt.pt"))
    ap.add_argument("--json", default=os.path.join(HERE, "work", "eval.json"))
    a = ap.parse_args()
    torch.set_num_threads(2)
    ck = torch.load(a.ckpt)
    model = model_for(ck["model"], len(CLASSES))
    model.load_state_dict(ck["model"])
    model.eval()
    spacing = float(ck["state"].get("spacing", 3.0))
    out = {"iteration": ck["state"]["it"], "cases": {}, "mean": {}}
    per = {c: [] for c in CLASSES[1:]}
    for f in sorted(glob.glob(os.path.join(HERE, "work", "val_coarse", "*.npz"))):
        hu, cls = load_volume(f, spacing)
        t = dice_table(predict(model, hu), cls, len(CLASSES))
        out["cases"][os.path.basename(f)[:-4]] = {k: round(v, 3) for k, v in t.items()}
        for k, v in t.items():
            per[k].append(v)
        print(os.path.basename(f), json.dumps(out["cases"][os.path.basename(f)[:-4]]), flush=True)
    out["mean"] = {k: round(float(np.mean(v)), 3) for k, v in per.items() if v}
    print("mean", json.dumps(out["mean"]))
    if os.path.isdir(ABDOMEN):
        hu, sp = read_series(ABDOMEN)
        pred = predict(model, to_coarse(hu, sp, spacing))
        counts = {CLASSES[c]: int((pred == c).sum()) for c in range(1, len(CLASSES))}
        out["realAbdomenVoxels"] = counts
        print("real abdomen (voxels per class on the network grid, all should be 0):", json.dumps(counts))
    with open(a.json, "w") as fh:
        json.dump(out, fh, indent=1)


if __name__ == "__main__":
    main()
