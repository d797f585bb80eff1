#!/usr/bin/env bash
# One command for the whole bone-coarse model: held-out data -> synthetic training pool -> training -> ONNX export.
#   npm run train            (or: bash models/training/train.sh)
# This is the recipe behind the shipped models/bone-coarse/bone-coarse.onnx (UNet3D, 4 mm grid, from scratch).
# Environment knobs:
#   POOL_FIRST  volumes generated before training starts (default 180; seeds j*1000 + 0..POOL_FIRST/GEN_JOBS-1)
#   GEN_JOBS    parallel generator processes for that first pool (default 2 = the cores of the dev machine)
#   MINUTES     training budget (default 100); meanwhile one lowest-priority generator keeps adding volumes
#               (seeds 2000+) that the trainer picks up every 50 iterations
#   CONTINUE_MINUTES  then resume to this total budget (default 155): the cosine schedule restarts at the
#               learning rate it has at MINUTES/CONTINUE_MINUTES and anneals again (how 0.1.9457 was trained)
# Re-running resumes: existing pool volumes and the checkpoint in models/training/work/ are reused (delete
# work/pool2 and work/ckpt.pt for a clean run). Wall time on the 2-core dev machine: see MODEL_CARD.md.
set -euo pipefail
cd "$(dirname "$0")"
PY=/usr/bin/python3
POOL_FIRST=${POOL_FIRST:-180}
GEN_JOBS=${GEN_JOBS:-2}
MINUTES=${MINUTES:-100}
CONTINUE_MINUTES=${CONTINUE_MINUTES:-155}
POOL=work/pool2
mkdir -p "$POOL"
echo "[train.sh] held-out validation data (work/v2)"
$PY make_val.py --native --out work/v2
echo "[train.sh] generating $POOL_FIRST training volumes with $GEN_JOBS processes"
per=$(( (POOL_FIRST + GEN_JOBS - 1) / GEN_JOBS ))
pids=()
for j in $(seq 0 $((GEN_JOBS - 1))); do
  OMP_NUM_THREADS=1 $PY -m synth.generate pool --out "$POOL" --start $((j * 1000)) --count "$per" \
    > "work/pool2_$j.log" 2>&1 &
  pids+=($!)
done
wait "${pids[@]}"
OMP_NUM_THREADS=1 nice -n 19 $PY -m synth.generate pool --out "$POOL" --start 2000 --count 100000 \
  > work/pool2_bg.log 2>&1 &
bg=$!
trap 'kill $bg 2>/dev/null || true' EXIT
$PY train.py --pool "$POOL" --val work/v2/val_coarse --minutes "$MINUTES" --spacing 4 --patch 48,48,64 --batch 4 \
  --val-every 500
if [ "$CONTINUE_MINUTES" -gt "$MINUTES" ]; then
  $PY train.py --pool "$POOL" --val work/v2/val_coarse --minutes "$CONTINUE_MINUTES" --spacing 4 --patch 48,48,64 \
    --batch 4 --val-every 1000
fi
kill $bg 2>/dev/null || true
$PY export.py
echo "[train.sh] done: ../bone-coarse/bone-coarse.onnx + model.json; log in work/log.txt"
