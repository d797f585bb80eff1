"""Exported ONNX (onnxruntime-node) vs PyTorch on a held-out validation volume: max logit difference, argmax
agreement and the ONNX run time.   /usr/bin/python3 verify_onnx.py [--case work/val_coarse/ssm_hip_a.npz]"""
import argparse
import json
import os
import subprocess
import tempfile

import numpy as np
import torch

from data import load_volume, normalise
from synth.shapes import load_labels
from unet import model_for

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--case", default=os.path.join(HERE, "work", "val_coarse", "ssm_hip_a.npz"))
    ap.add_argument("--ckpt", default=os.path.join(HERE, "work", "ckpt.pt"))
    ap.add_argument("--onnx", default=os.path.join(ROOT, "models", "bone-coarse", "bone-coarse.onnx"))
    a = ap.parse_args()
    torch.set_num_threads(2)
    _, classes = load_labels()
    ck = torch.load(a.ckpt)
    model = model_for(ck["model"], len(classes))
    model.load_state_dict(ck["model"])
    model.eval()
    hu, _ = load_volume(a.case, float(ck["state"].get("spacing", 3.0)))
    m = model.size_multiple
    shape = -(-np.array(hu.shape) // m) * m
    x = np.full(shape, -1024, np.float32)
    x[: hu.shape[0], : hu.shape[1], : hu.shape[2]] = hu
    x = normalise(x)
    with torch.no_grad():
        ref = model(torch.from_numpy(x)[None, None])[0].numpy()
    with tempfile.TemporaryDirectory() as tmp:
        fin, fout = os.path.join(tmp, "in.f32"), os.path.join(tmp, "out.f32")
        x.tofile(fin)
        r = subprocess.run(["node", os.path.join(HERE, "verify_onnx.mjs"), a.onnx, fin, *map(str, shape), fout],
                           cwd=ROOT, capture_output=True, text=True, check=True)
        info = json.loads(r.stdout.strip().splitlines()[-1])
        out = np.fromfile(fout, np.float32).reshape(ref.shape)
    agree = float((out.argmax(0) == ref.argmax(0)).mean())
    print(json.dumps({"case": os.path.basename(a.case), "shape": shape.tolist(),
                      "maxAbsLogitDiff": float(np.abs(out - ref).max()), "argmaxAgreement": agree,
                      "onnxNodeMs": info["ms"]}))


if __name__ == "__main__":
    main()
