/**
 * What each segment of a labelmap looked like when the model made it: voxel count and an order-free hash of its
 * voxel positions. A segment whose fingerprint changed was edited by hand, and is stored as SEMIAUTOMATIC.
 */
export type SegmentFingerprints = Map<number, { voxels: number; hash: number }>;

/**
 * @param sliceRank when given, slice k of `labels` (of `sliceSize` voxels) is hashed as slice sliceRank[k]: labels
 * held in another slice order (the host volume's) then fingerprint like the same labels read back in patient order.
 */
export function segmentFingerprints(labels: Uint8Array, sliceSize = labels.length, sliceRank?: ArrayLike<number>): SegmentFingerprints {
  const voxels = new Float64Array(256);
  const hash = new Uint32Array(256);
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (v === 0) continue;
    voxels[v]++;
    const k = Math.floor(i / sliceSize);
    const position = sliceRank ? sliceRank[k] * sliceSize + (i - k * sliceSize) : i;
    // Sum of a multiplicative hash of each position: independent of order, changed by any moved voxel.
    hash[v] = (hash[v] + Math.imul(position + 1, 2654435761)) >>> 0;
  }
  const out: SegmentFingerprints = new Map();
  for (let v = 1; v < 256; v++) if (voxels[v] > 0) out.set(v, { voxels: voxels[v], hash: hash[v] });
  return out;
}

/** Label values whose voxels differ between `before` and `now` (added, removed or moved). */
export function editedSegments(before: SegmentFingerprints, now: SegmentFingerprints): Set<number> {
  const edited = new Set<number>();
  for (const value of new Set([...before.keys(), ...now.keys()])) {
    const a = before.get(value);
    const b = now.get(value);
    if (!a || !b || a.voxels !== b.voxels || a.hash !== b.hash) edited.add(value);
  }
  return edited;
}
