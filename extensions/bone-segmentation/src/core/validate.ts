/** Checks that a volume is a CT the model can segment; throws InvalidInputError with one user-facing sentence. */
import { InvalidInputError } from './errors';
import type { CtVolume } from './types';

export const MIN_SLICES = 10;
/** Largest angle (degrees) between a grid axis and the nearest patient axis that we treat as axis-aligned. */
export const MAX_OBLIQUE_DEGREES = 20;
/** Grid axes must be orthogonal to this tolerance; a sheared grid means gantry tilt. */
const ORTHOGONALITY_TOLERANCE = 0.01;
/** Finer than this is not CT of a patient (and makes every volume in ml meaningless). */
export const MIN_SPACING_MM = 0.05;
/** 512 x 512 x 2000: beyond this the browser's memory limit is at risk. */
export const MAX_VOXELS = 512 * 512 * 2000;

function vec(d: number[], axis: number): [number, number, number] {
  return [d[3 * axis], d[3 * axis + 1], d[3 * axis + 2]];
}

export function validateGeometry(volume: Pick<CtVolume, 'dims' | 'spacing' | 'direction' | 'origin'>, voxelCount: number): void {
  const { dims, spacing, direction } = volume;
  if (dims.length !== 3 || dims.some((d) => !Number.isInteger(d) || d < 1))
    throw new InvalidInputError('too-small', 'The image has an invalid size.');
  const n = dims[0] * dims[1] * dims[2];
  if (voxelCount !== n) throw new InvalidInputError('too-small', `The image holds ${voxelCount} voxels but its size says ${n}.`);
  if (dims[2] < MIN_SLICES)
    throw new InvalidInputError('too-few-slices', `The series has ${dims[2]} slices; at least ${MIN_SLICES} are needed.`);
  if (dims[0] < 16 || dims[1] < 16) throw new InvalidInputError('too-small', `The images are too small (${dims[0]} x ${dims[1]} pixels).`);
  if (n > MAX_VOXELS)
    throw new InvalidInputError('too-large', `The volume is too large (${dims.join(' x ')} voxels); crop it to at most ${MAX_VOXELS / 512 / 512} slices of 512 x 512.`);
  if (spacing.some((s) => !(s >= MIN_SPACING_MM) || !Number.isFinite(s) || s > 20))
    throw new InvalidInputError('bad-spacing', `The voxel spacing (${spacing.map((s) => +s.toFixed(3)).join(' x ')} mm) is not usable.`);
  if (direction.length !== 9 || direction.some((x) => !Number.isFinite(x)))
    throw new InvalidInputError('oblique', 'The image orientation is missing or invalid.');
  const axes = [0, 1, 2].map((a) => vec(direction, a));
  for (const a of axes) {
    if (Math.abs(Math.hypot(...a) - 1) > ORTHOGONALITY_TOLERANCE)
      throw new InvalidInputError('oblique', 'The image orientation is invalid (direction vectors are not unit length).');
  }
  for (const [p, q] of [
    [0, 1],
    [0, 2],
    [1, 2],
  ]) {
    const dot = axes[p][0] * axes[q][0] + axes[p][1] * axes[q][1] + axes[p][2] * axes[q][2];
    if (Math.abs(dot) > ORTHOGONALITY_TOLERANCE)
      throw new InvalidInputError('gantry-tilt', 'The slices are sheared (gantry tilt); reconstruct the series without tilt first.');
  }
  const worst = Math.max(...axes.map((a) => (Math.acos(Math.min(1, Math.max(...a.map(Math.abs)))) * 180) / Math.PI));
  if (worst > MAX_OBLIQUE_DEGREES)
    throw new InvalidInputError('oblique', `The image is oblique by ${worst.toFixed(0)} degrees; use an axial, coronal or sagittal series.`);
}

/**
 * Hounsfield-unit plausibility on a strided sample (cheap on 512x512x300): CT of a body part always holds fat or air
 * (well below -100 HU) and never exceeds the scanner range. MR, PET and unrescaled CT fail here.
 */
export function validateIntensities(voxels: Int16Array | Float32Array): void {
  const n = voxels.length;
  const stride = Math.max(1, Math.floor(n / 200_000));
  let below = 0;
  let samples = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i += stride) {
    const v = voxels[i];
    samples++;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v < -100) below++;
  }
  if (voxels instanceof Float32Array) {
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(voxels[i])) throw new InvalidInputError('non-finite', 'The image contains invalid (non-finite) values.');
    }
  }
  if (max - min < 100 || below / samples < 0.001 || min < -4000 || max > 40000)
    throw new InvalidInputError(
      'not-ct',
      `The image does not look like CT in Hounsfield units (values ${Math.round(min)} to ${Math.round(max)}).`,
    );
}

export function validateVolume(volume: CtVolume): void {
  validateGeometry(volume, volume.voxels.length);
  validateIntensities(volume.voxels);
}
