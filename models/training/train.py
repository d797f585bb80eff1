"""Train the coarse bone-class network on the generated pool; resumable; logs to work/log.txt.

  /usr/bin/python3 train.py --minutes 50        (from models/training; see train.sh for the whole pipeline)
"""
import argparse
import glob
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

from data import Pool, load_volume, normalise
from synth.shapes import load_labels
from unet import UNet3D, model_for

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, "work")
_, CLASSES = load_labels()


def log(msg):
    line = time.strftime("%H:%M:%S ") + msg
    print(line, flush=True)
    with open(os.path.join(WORK, "log.txt"), "a") as f:
        f.write(line + "\n")


def dice_loss(logits, y, n):
    p = torch.softmax(logits, 1)
    oh = F.one_hot(y, n).permute(0, 4, 1, 2, 3).float()
    dims = (0, 2, 3, 4)
    inter = (p * oh).sum(dims)
    den = p.sum(dims) + oh.sum(dims)
    d = (2 * inter + 1) / (den + 1)
    present = oh.sum(dims) > 0
    return 1 - d[1:][present[1:]].mean() if present[1:].any() else logits.sum() * 0


def predict(model, hu):
    """Whole-volume prediction, padded with air to the size multiple (as the TS core does)."""
    m = model.size_multiple
    shape = np.array(hu.shape)
    padded = -(-shape // m) * m
    x = np.full(padded, -1024, np.float32)
    x[: shape[0], : shape[1], : shape[2]] = hu
    with torch.no_grad():
        out = model(torch.from_numpy(normalise(x))[None, None])
    return out[0].argmax(0).numpy()[: shape[0], : shape[1], : shape[2]]


def dice_table(pred, ref, n):
    out = {}
    for c in range(1, n):
        a, b = pred == c, ref == c
        if a.sum() + b.sum() == 0:
            continue
        out[CLASSES[c]] = float(2 * (a & b).sum() / (a.sum() + b.sum()))
    return out


def validate(model, files, max_slices=None, spacing=3.0):
    model.eval()
    ds, model.deep_supervision = model.deep_supervision, False
    per = {c: [] for c in CLASSES[1:]}
    for f in files:
        hu, cls = load_volume(f, spacing)
        if max_slices and hu.shape[0] > max_slices:
            z0 = (hu.shape[0] - max_slices) // 2
            hu, cls = hu[z0: z0 + max_slices], cls[z0: z0 + max_slices]
        for k, v in dice_table(predict(model, hu), cls, len(CLASSES)).items():
            per[k].append(v)
    model.train()
    model.deep_supervision = ds
    return {k: float(np.mean(v)) for k, v in per.items() if v}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pool", default=os.path.join(WORK, "pool"))
    ap.add_argument("--val", default=os.path.join(WORK, "val_coarse"))
    ap.add_argument("--ckpt", default=os.path.join(WORK, "ckpt.pt"))
    ap.add_argument("--minutes", type=float, default=50)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--batch", type=int, default=2)
    ap.add_argument("--patch", default="48,64,64")
    ap.add_argument("--val-every", type=int, default=150)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--spacing", type=float, default=4.0, help="network grid (mm); pool volumes are resampled")
    ap.add_argument("--init", default="", help="warm start: weights of another checkpoint (optimizer reset)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    patch = [int(v) for v in a.patch.split(",")]
    # resume whatever architecture the checkpoint holds; new runs train UNet3D (the shipped architecture)
    model = model_for(torch.load(a.ckpt)["model"]) if os.path.exists(a.ckpt) else UNet3D(len(CLASSES))
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=1e-4)
    state = dict(it=0, elapsed=0.0, best=-1.0, spacing=a.spacing)
    if a.init and not os.path.exists(a.ckpt):
        model.load_state_dict(torch.load(a.init)["model"], strict=False)
        log(f"warm start from {a.init}")
    if os.path.exists(a.ckpt):
        ck = torch.load(a.ckpt)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        state = ck["state"]
        log(f"resumed at iteration {state['it']} ({state['elapsed'] / 60:.1f} min done)")
    if abs(state.get("spacing", 3.0) - a.spacing) > 1e-6:
        raise SystemExit(f"checkpoint was trained at {state.get('spacing', 3.0)} mm, not {a.spacing} mm")
    pool = Pool(a.pool, a.spacing)
    n = pool.refresh()
    log(f"pool: {n} volumes at {a.spacing} mm; patch {patch} x {a.batch}; {sum(p.numel() for p in model.parameters())} parameters")
    val_files = sorted(glob.glob(os.path.join(a.val, "*.npz")))
    # Mild class weights: background is most of every patch, patella and fibula are small.
    w = torch.tensor([0.5, 1, 1, 1.5, 2, 1, 1], dtype=torch.float32)
    budget = a.minutes * 60
    t_start = time.time() - state["elapsed"]
    model.train()
    model.deep_supervision = True
    while time.time() - t_start < budget:
        frac = (time.time() - t_start) / budget
        lr = a.lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * frac)))  # cosine over the time budget
        for g in opt.param_groups:
            g["lr"] = lr
        x, y = pool.batch(rng, a.batch, patch)
        t = time.time()
        logits, aux = model(torch.from_numpy(x))
        yt = torch.from_numpy(y)
        ce = F.cross_entropy(logits, yt, weight=w)
        dl = dice_loss(logits, yt, len(CLASSES))
        loss = ce + dl
        for k, al in enumerate(aux):  # deep supervision on coarse levels (labels by nearest sampling)
            f = yt.shape[1] // al.shape[2]
            ys = yt[:, f // 2:: f, f // 2:: f, f // 2:: f]
            loss = loss + 0.5 ** (k + 1) * F.cross_entropy(al, ys, weight=w)
        opt.zero_grad()
        loss.backward()
        opt.step()
        state["it"] += 1
        state["elapsed"] = time.time() - t_start
        log(f"it {state['it']} loss {loss.item():.4f} ce {ce.item():.4f} dice {dl.item():.4f} lr {lr:.2e} "
            f"{time.time() - t:.1f}s")
        if state["it"] % 25 == 0:
            torch.save(dict(model=model.state_dict(), opt=opt.state_dict(), state=state), a.ckpt + ".tmp")
            os.replace(a.ckpt + ".tmp", a.ckpt)
        if state["it"] % 50 == 0:
            n = pool.refresh()
        if val_files and state["it"] % a.val_every == 0:
            d = validate(model, val_files, max_slices=64, spacing=a.spacing)
            log(f"val it {state['it']} pool {n} dice " + json.dumps({k: round(v, 3) for k, v in d.items()}))
    torch.save(dict(model=model.state_dict(), opt=opt.state_dict(), state=state), a.ckpt)
    if val_files:
        d = validate(model, val_files, spacing=a.spacing)
        log(f"final val it {state['it']} dice " + json.dumps({k: round(v, 3) for k, v in d.items()}))
    log(f"done: {state['it']} iterations in {state['elapsed'] / 60:.1f} min")


if __name__ == "__main__":
    main()
