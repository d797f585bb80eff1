/**
 * Hole filling of one label: marrow and low-density cancellous bone are part of the bone although they are dark
 * in CT. A background voxel becomes the label when it cannot reach the box border without crossing the label.
 * 2D filling (slices across the long axis of leg bones) closes the marrow canal even where the bone is cut by
 * the scan's field of view, which 3D filling alone would leak through.
 *
 * The work mask carries a frame around the box, marked outside. Rows are padded to a multiple of 4 voxels so the
 * closing can treat 4 voxels as one 32-bit word along y and z. "Reachable from the border" is found on runs of
 * background along one axis joined by union-find, not voxel by voxel: a box is mostly background in long runs,
 * so this touches each run once instead of each voxel six times (the hip bone's box is ~9 M voxels).
 */
import { boxSize, type Box } from '../box';
import type { Dims } from '../orientation';

const BACKGROUND = 0;
const WALL = 1;
const OUTSIDE = 2;

interface Framed {
  mask: Uint8Array;
  /** Box sizes (the interior of the frame). */
  b: Dims;
  /** Padded sizes and strides. */
  px: number;
  py: number;
  pz: number;
  sy: number;
  sz: number;
}

/** WALL where the label is, BACKGROUND elsewhere in the box, OUTSIDE on the frame. */
function framedMask(labels: Uint8Array, dims: Dims, value: number, box: Box): Framed {
  const [bx, by, bz] = boxSize(box);
  const px = (bx + 2 + 3) & ~3;
  const py = by + 2;
  const pz = bz + 2;
  const sy = px;
  const sz = px * py;
  const mask = new Uint8Array(px * py * pz).fill(OUTSIDE);
  for (let z = 0; z < bz; z++)
    for (let y = 0; y < by; y++) {
      const row = (z + box.min[2]) * dims[0] * dims[1] + (y + box.min[1]) * dims[0] + box.min[0];
      const o = (z + 1) * sz + (y + 1) * sy + 1;
      for (let x = 0; x < bx; x++) mask[o + x] = labels[row + x] === value ? WALL : BACKGROUND;
    }
  return { mask, b: [bx, by, bz], px, py, pz, sy, sz };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * One step of a 3-voxel dilation (or erosion) along x, out of place, on 32-bit words of 4 voxels (0/1 each);
 * voxels beyond a row's ends count as 0. Neighbours within a word are byte shifts, so this needs little-endian
 * words: every platform a browser or our Node CLI runs on (x86, ARM).
 */
function stepAlongX(src: Uint32Array, dst: Uint32Array, rowWords: number, dilate: boolean): void {
  if (!LITTLE_ENDIAN) throw new Error('Hole filling needs a little-endian platform.');
  for (let row = 0; row < src.length; row += rowWords) {
    let prev = 0;
    let cur = src[row];
    for (let k = row, end = row + rowWords; k < end; k++) {
      const next = k + 1 < end ? src[k + 1] : 0;
      const left = (cur << 8) | (prev >>> 24);
      const right = (cur >>> 8) | (next << 24);
      dst[k] = dilate ? cur | left | right : cur & left & right;
      prev = cur;
      cur = next;
    }
  }
}

/**
 * The same along y or z, where a voxel's neighbours are whole words away (no bits cross voxels, so byte order
 * does not matter). `stride` is the axis stride in words, `span` = stride x axis length.
 */
function stepAlongWords(src: Uint32Array, dst: Uint32Array, stride: number, span: number, dilate: boolean): void {
  for (let block = 0; block < src.length; block += span) {
    const firstEnd = block + stride;
    const lastStart = block + span - stride;
    for (let w = block; w < firstEnd; w++) dst[w] = dilate ? src[w] | src[w + stride] : 0;
    if (dilate) for (let w = firstEnd; w < lastStart; w++) dst[w] = src[w - stride] | src[w] | src[w + stride];
    else for (let w = firstEnd; w < lastStart; w++) dst[w] = src[w - stride] & src[w] & src[w + stride];
    for (let w = lastStart; w < block + span; w++) dst[w] = dilate ? src[w - stride] | src[w] : 0;
  }
}

/** One-voxel closing (dilate then erode, 3x3x3 box, axis by axis) of the WALL set inside the frame. */
function closeWalls(f: Framed): void {
  const { py, pz } = f;
  const mask = new Uint32Array(f.mask.buffer);
  const n = mask.length;
  let bit = new Uint32Array(n);
  let tmp = new Uint32Array(n);
  // Per byte: WALL (1) -> 1, BACKGROUND (0) and OUTSIDE (2) -> 0.
  for (let i = 0; i < n; i++) bit[i] = mask[i] & 0x01010101;
  const wx = f.px / 4;
  const wy = f.sy / 4;
  const wz = f.sz / 4;
  for (const dilate of [true, false]) {
    stepAlongX(bit, tmp, wx, dilate);
    stepAlongWords(tmp, bit, wy, wy * py, dilate);
    stepAlongWords(bit, tmp, wz, wz * pz, dilate);
    [bit, tmp] = [tmp, bit];
  }
  // BACKGROUND voxels the closing covers become WALL; OUTSIDE (bit 1 set) stays.
  for (let i = 0; i < n; i++) mask[i] |= bit[i] & ~(mask[i] >>> 1) & 0x01010101;
}

/** Growable list of runs (start and end index in the mask, inclusive, and a union-find parent). */
class Runs {
  start = new Int32Array(1 << 14);
  end = new Int32Array(1 << 14);
  parent = new Int32Array(1 << 14);
  /** Per root: reachable from the border. */
  outside = new Uint8Array(1 << 14);
  count = 0;

  add(start: number, end: number, outside: boolean): void {
    if (this.count === this.start.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as { new (n: number): T })(a.length * 2);
        b.set(a);
        return b;
      };
      this.start = grow(this.start);
      this.end = grow(this.end);
      this.parent = grow(this.parent);
      this.outside = grow(this.outside);
    }
    const i = this.count++;
    this.start[i] = start;
    this.end[i] = end;
    this.parent[i] = i;
    this.outside[i] = outside ? 1 : 0;
  }

  root(i: number): number {
    const parent = this.parent;
    let r = i;
    while (parent[r] !== r) r = parent[r];
    while (parent[i] !== r) {
      const next = parent[i];
      parent[i] = r;
      i = next;
    }
    return r;
  }

  union(a: number, b: number): void {
    const ra = this.root(a);
    const rb = this.root(b);
    if (ra === rb) return;
    this.parent[rb] = ra;
    this.outside[ra] |= this.outside[rb];
  }
}

/**
 * Marks OUTSIDE the BACKGROUND reachable from the frame (6-connected): within each slice across `sliceAxis`, or
 * in 3D when it is null. Within a slice the flood may leave only through the in-plane faces of the box.
 */
function floodOutside(f: Framed, sliceAxis: number | null): void {
  const { mask } = f;
  const strides = [1, f.sy, f.sz];
  // Runs go along x, or along y when the slices are across x (a run must stay inside one slice).
  const r = sliceAxis === 0 ? 1 : 0;
  const [u, v] = [0, 1, 2].filter((a) => a !== r);
  const [sr, su, sv] = [strides[r], strides[u], strides[v]];
  const [br, bu, bv] = [f.b[r], f.b[u], f.b[v]];
  const joinU = u !== sliceAxis;
  const joinV = v !== sliceAxis;
  const runs = new Runs();
  const rowFirst = new Int32Array(bu * bv + 1);
  for (let vi = 1; vi <= bv; vi++)
    for (let ui = 1; ui <= bu; ui++) {
      const row = (vi - 1) * bu + (ui - 1);
      rowFirst[row] = runs.count;
      const onFace = (joinU && (ui === 1 || ui === bu)) || (joinV && (vi === 1 || vi === bv));
      const base = ui * su + vi * sv;
      let c = 1;
      while (c <= br) {
        if (mask[base + c * sr] !== BACKGROUND) {
          c++;
          continue;
        }
        const c0 = c;
        while (c <= br && mask[base + c * sr] === BACKGROUND) c++;
        const i = runs.count;
        runs.add(base + c0 * sr, base + (c - 1) * sr, onFace || c0 === 1 || c - 1 === br);
        // Join with overlapping runs of the previous row along u and along v.
        for (const [join, prevRow, shift] of [
          [joinU && ui > 1, row - 1, su],
          [joinV && vi > 1, row - bu, sv],
        ] as const) {
          if (!join) continue;
          for (let j = rowFirst[prevRow]; j < rowFirst[prevRow + 1]; j++) {
            const s = runs.start[j] + shift;
            const e = runs.end[j] + shift;
            if (e < runs.start[i]) continue;
            if (s > runs.end[i]) break;
            runs.union(i, j);
          }
        }
      }
      rowFirst[row + 1] = runs.count;
    }
  for (let i = 0; i < runs.count; i++) {
    if (!runs.outside[runs.root(i)]) continue;
    if (sr === 1) mask.fill(OUTSIDE, runs.start[i], runs.end[i] + 1);
    else for (let p = runs.start[i]; p <= runs.end[i]; p += sr) mask[p] = OUTSIDE;
  }
}

/**
 * Fills holes of `value` inside `box` in place (only background voxels change). Returns the number of voxels
 * filled. `sliceAxis` is the grid axis along the patient's superior-inferior direction. With `closeFirst`, a
 * closing first bridges one-voxel gaps in a thin cortex so the cancellous bone behind them counts as enclosed;
 * voxels the closing itself adds are filled only where they do not touch the outside (pores, not surface dents).
 */
export function fillHoles(labels: Uint8Array, dims: Dims, value: number, box: Box, sliceAxis: number, closeFirst = false): number {
  const [bx, by, bz] = boxSize(box);
  const f = framedMask(labels, dims, value, box);
  if (closeFirst) closeWalls(f);
  const { mask, sy, sz } = f;
  let filled = 0;
  /**
   * Fills what the flood did not reach. The first pass also resets the mask for the second in the same sweep
   * (everything not outside becomes wall: label, closing, just filled); the second checks surface dents instead.
   */
  const apply = (final: boolean): void => {
    const checkDents = final && closeFirst;
    for (let z = 0; z < bz; z++)
      for (let y = 0; y < by; y++) {
        const row = (z + box.min[2]) * dims[0] * dims[1] + (y + box.min[1]) * dims[0] + box.min[0];
        const o = (z + 1) * sz + (y + 1) * sy + 1;
        for (let x = 0; x < bx; x++) {
          const p = o + x;
          const m = mask[p];
          if (m === OUTSIDE) {
            if (!final) mask[p] = BACKGROUND;
            continue;
          }
          if (!final) mask[p] = WALL;
          if (labels[row + x] !== 0) continue;
          // BACKGROUND here is enclosed; a WALL that is not the label was added by the closing.
          if (
            m === WALL &&
            (!checkDents ||
              mask[p - 1] === OUTSIDE || mask[p + 1] === OUTSIDE || mask[p - sy] === OUTSIDE ||
              mask[p + sy] === OUTSIDE || mask[p - sz] === OUTSIDE || mask[p + sz] === OUTSIDE)
          )
            continue;
          labels[row + x] = value;
          filled++;
        }
      }
  };
  floodOutside(f, sliceAxis);
  apply(false);
  floodOutside(f, null);
  apply(true);
  return filled;
}
