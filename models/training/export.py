"""Export the trained network to ONNX (BatchNorm folded into Conv, dynamic D/H/W) and write model.json.

  /usr/bin/python3 export.py [--ckpt work/ckpt.pt] [--out ../bone-coarse]
"""
import argparse
import hashlib
import json
import os

import numpy as np
import onnx
import torch

from data import HU_CENTER, HU_HI, HU_LO, HU_SCALE, PAD_HU
from synth.shapes import load_labels
from unet import model_for

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = 17


def fold_bn(model):
    """Conv3d(bias=False) + BatchNorm3d -> Conv3d with bias (exact in eval mode)."""
    for seq in list(model.enc) + list(model.dec):
        layers = list(seq)
        new = []
        i = 0
        while i < len(layers):
            l = layers[i]
            if isinstance(l, torch.nn.Conv3d) and i + 1 < len(layers) and isinstance(layers[i + 1], torch.nn.BatchNorm3d):
                bn = layers[i + 1]
                conv = torch.nn.Conv3d(l.in_channels, l.out_channels, l.kernel_size, l.stride, l.padding, bias=True)
                s = bn.weight / torch.sqrt(bn.running_var + bn.eps)
                conv.weight.data = l.weight.data * s[:, None, None, None, None]
                b = l.bias.data if l.bias is not None else torch.zeros_like(bn.running_mean)
                conv.bias.data = (b - bn.running_mean) * s + bn.bias
                new.append(conv)
                i += 2
            else:
                new.append(l)
                i += 1
        seq._modules.clear()
        for k, l in enumerate(new):
            seq.add_module(str(k), l)
    return model


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default=os.path.join(HERE, "work", "ckpt.pt"))
    ap.add_argument("--out", default=os.path.join(HERE, "..", "bone-coarse"))
    ap.add_argument("--summary", default="", help="training summary text for model.json")
    a = ap.parse_args()
    _, classes = load_labels()
    ck = torch.load(a.ckpt)
    model = model_for(ck["model"], len(classes))
    model.load_state_dict(ck["model"])
    model.eval()
    model.deep_supervision = False
    model.aux = torch.nn.ModuleList()  # training-only heads are not exported
    x = torch.from_numpy(np.random.default_rng(0).normal(0, 1, (1, 1, 32, 48, 48)).astype(np.float32))
    with torch.no_grad():
        ref = model(x)
        fold_bn(model)
        folded = model(x)
    print("fold max |diff|", float((ref - folded).abs().max()))
    os.makedirs(a.out, exist_ok=True)
    onnx_path = os.path.join(a.out, "bone-coarse.onnx")
    torch.onnx.export(model, x, onnx_path, opset_version=OPSET, input_names=["ct"], output_names=["logits"],
                      dynamic_axes={"ct": {2: "D", 3: "H", 4: "W"}, "logits": {2: "D", 3: "H", 4: "W"}},
                      do_constant_folding=True)
    m = onnx.load(onnx_path)
    onnx.checker.check_model(m)
    for n in m.graph.node:  # WebGPU wants explicit attributes; check they are there
        if n.op_type == "Conv":
            names = {at.name for at in n.attribute}
            assert {"kernel_shape", "strides", "dilations"} <= names, (n.name, names)
    ops = sorted({n.op_type for n in m.graph.node})
    size = os.path.getsize(onnx_path)
    sha = hashlib.sha256(open(onnx_path, "rb").read()).hexdigest()
    st = ck["state"]
    spacing = float(st.get("spacing", 3.0))
    meta = {
        "name": "bone-coarse",
        "version": f"0.1.{st['it']}",
        "onnx": "bone-coarse.onnx",
        "sha256": sha,
        "opset": OPSET,
        "inputName": "ct",
        "outputName": "logits",
        "inputShape": "[1, 1, D, H, W] float32",
        "outputShape": "[1, C, D, H, W] float32 logits (argmax over C = class)",
        "spacingMm": [spacing, spacing, spacing],
        "axisOrder": ("Array axes (D, H, W) = (z, y, x) of a volume reoriented to LPS and resampled to spacingMm: "
                      "x (W) increases toward patient Left, y (H) toward Posterior, z (D) toward Superior. "
                      "Index 0 of each axis is the Right / Anterior / Inferior end."),
        "classes": classes,
        "normalisation": {
            "formula": "x = (clip(HU, clipLo, clipHi) - center) / scale",
            "clipLo": HU_LO, "clipHi": HU_HI, "center": HU_CENTER, "scale": HU_SCALE,
        },
        "padValueHu": PAD_HU,
        "sizeMultiple": model.size_multiple,
        "resampling": "area averaging to spacingMm (training data: block means and point samples of 1.5 mm renders)",
        "ops": ops,
        "fileBytes": size,
        "training": {
            "data": "synthetic CT generated from the LLP26 shape model (models/training/synth), no real CT labels",
            "iterations": st["it"],
            "minutes": round(st["elapsed"] / 60, 1),
            "summary": a.summary,
        },
    }
    with open(os.path.join(a.out, "model.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    print(f"wrote {onnx_path} ({size / 1e6:.2f} MB), ops {ops}")


if __name__ == "__main__":
    main()
