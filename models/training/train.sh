#!/usr/bin/env bash
# One command for the whole bone-coarse model: synthetic data -> training -> ONNX export + model.json.
#   npm run train            (or: bash models/training/train.sh)
# Environment knobs: POOL (number of generated training volumes, default 1200), MINUTES (training budget, default 80),
# GEN_JOBS (parallel generator processes, default 1). Re-running resumes: existing pool volumes and the checkpoint
# in models/training/work/ are reused (delete that folder for a clean run).
# Measured on the shared 2-core development machine: see models/bone-coarse/MODEL_CARD.md.
set -euo pipefail
cd "$(dirname "$0")"
PY=/usr/bin/python3
POOL=${POOL:-1200}
MINUTES=${MINUTES:-80}
GEN_JOBS=${GEN_JOBS:-1}
mkdir -p work/pool
echo "[train.sh] held-out validation data"
$PY make_val.py
echo "[train.sh] generating $POOL training volumes in the background while training runs"
pids=()
per=$(( (POOL + GEN_JOBS - 1) / GEN_JOBS ))
for j in $(seq 0 $((GEN_JOBS - 1))); do
  OMP_NUM_THREADS=1 $PY -m synth.generate pool --out work/pool --start $((j * per)) --count "$per" \
    > "work/pool_$j.log" 2>&1 &
  pids+=($!)
done
# wait for a first handful of volumes so the first batches are not all from one patient
until [ "$(ls work/pool/*.npz 2>/dev/null | grep -vc tmp)" -ge 24 ]; do sleep 10; done
$PY train.py --minutes "$MINUTES" --spacing 4 --patch 48,48,64 --batch 4
for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
$PY export.py
echo "[train.sh] done: ../bone-coarse/bone-coarse.onnx + model.json; log in work/log.txt"
