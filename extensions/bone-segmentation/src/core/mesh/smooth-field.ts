/**
 * The field a bone surface is drawn from: the bone's mask, blurred by a Gaussian of about one voxel, then sampled on
 * an isotropic grid. The blur removes the voxel staircase (a 3 mm slice would otherwise show as terraces). Blurring
 * moves the 0.5 level inward where the bone is curved, most on small bones and thick slices, so the level is chosen
 * per bone to enclose the mask's own volume (levelForVolume). A coarser sampling grid is how the mesher meets a
 * triangle budget.
 */
import { fullBox } from '../box';
import { labelBoxes } from '../postprocess/label-boxes';
import type { CtVolume } from '../types';

export interface SampledField {
  /** Values in [0, 1]; index = x + y*dims[0] + z*dims[0]*dims[1]. */
  values: Float32Array;
  dims: [number, number, number];
  /** Isotropic spacing (mm) of the sampling grid. */
  step: number;
  /** Position of sample (0,0,0) in the native grid's continuous voxel coordinates (i, j, k). */
  start: [number, number, number];
  /** Native voxels per sample step along i, j, k. */
  stride: [number, number, number];
  /** Volume of the mask before blurring (mm³): what the surface must enclose. */
  maskVolumeMm3: number;
}

/**
 * The level whose super-level set on the sampling grid holds the mask's volume (found on a 1/1000 histogram),
 * kept within [0.25, 0.6] so a pathological field cannot pull the surface far from the mask's edge.
 */
export function levelForVolume(field: SampledField): number {
  const bins = 1000;
  const histogram = new Float64Array(bins + 1);
  for (let i = 0; i < field.values.length; i++) histogram[Math.min(bins, Math.max(0, Math.round(field.values[i] * bins)))]++;
  const wanted = field.maskVolumeMm3 / field.step ** 3;
  let above = 0;
  for (let b = bins; b >= 0; b--) {
    above += histogram[b];
    if (above >= wanted) return Math.min(0.6, Math.max(0.25, (b - 0.5) / bins));
  }
  return 0.25;
}

export type Geometry = Pick<CtVolume, 'dims' | 'spacing' | 'direction' | 'origin'>;

function gaussianKernel(sigmaVoxels: number): Float32Array {
  if (sigmaVoxels < 0.3) return Float32Array.of(1);
  const radius = Math.ceil(2.5 * sigmaVoxels);
  const k = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) sum += k[i + radius] = Math.exp(-(i * i) / (2 * sigmaVoxels * sigmaVoxels));
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

/** Separable convolution along one axis of a box-shaped array, edges clamped to zero (outside the box is not bone). */
function blurAxis(src: Float32Array, dims: [number, number, number], axis: 0 | 1 | 2, kernel: Float32Array): Float32Array {
  if (kernel.length === 1) return src;
  const out = new Float32Array(src.length);
  const radius = (kernel.length - 1) / 2;
  const stride = axis === 0 ? 1 : axis === 1 ? dims[0] : dims[0] * dims[1];
  const n = dims[axis];
  for (let p = 0; p < src.length; p++) {
    const c = Math.floor(p / stride) % n;
    let acc = 0;
    const lo = Math.max(-radius, -c);
    const hi = Math.min(radius, n - 1 - c);
    for (let t = lo; t <= hi; t++) acc += kernel[t + radius] * src[p + t * stride];
    out[p] = acc;
  }
  return out;
}

/** The bone's mask in its bounding box (plus margin), blurred; computed once per bone, sampled per step. */
export interface BlurredMask {
  values: Float32Array;
  dims: [number, number, number];
  /** Native voxel index of the box's first voxel (may be negative: the box can reach past the volume). */
  start: [number, number, number];
  spacing: [number, number, number];
  maskVolumeMm3: number;
}

/** @param sigmaMm Gaussian sigma; at least 0.5 native voxels along each axis so every staircase is softened */
export function blurBoneMask(labels: Uint8Array, geometry: Geometry, value: number, sigmaMm: number): BlurredMask | null {
  const found = labelBoxes(labels, geometry.dims, fullBox(geometry.dims), 255).get(value);
  if (!found) return null;
  // Inclusive voxel indices of the bone.
  const box = [found.min[0], found.min[1], found.min[2], found.max[0] - 1, found.max[1] - 1, found.max[2] - 1];
  const { dims, spacing } = geometry;
  const sigmaVox = spacing.map((s) => Math.max(sigmaMm / s, 0.5));
  // Background around the bone, for the blur's tail and so the surface closes inside the box.
  const margin = sigmaVox.map((s) => Math.ceil(2.5 * s) + 2);
  const lo = [box[0] - margin[0], box[1] - margin[1], box[2] - margin[2]];
  const hi = [box[3] + margin[0], box[4] + margin[1], box[5] + margin[2]];
  const bd: [number, number, number] = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1];
  let mask: Float32Array = new Float32Array(bd[0] * bd[1] * bd[2]);
  let voxels = 0;
  for (let z = Math.max(0, lo[2]); z <= Math.min(dims[2] - 1, hi[2]); z++) {
    for (let y = Math.max(0, lo[1]); y <= Math.min(dims[1] - 1, hi[1]); y++) {
      const row = (z * dims[1] + y) * dims[0];
      const out = ((z - lo[2]) * bd[1] + (y - lo[1])) * bd[0] - lo[0];
      for (let x = Math.max(0, lo[0]); x <= Math.min(dims[0] - 1, hi[0]); x++) {
        if (labels[row + x] === value) {
          mask[out + x] = 1;
          voxels++;
        }
      }
    }
  }
  for (const axis of [0, 1, 2] as const) mask = blurAxis(mask, bd, axis, gaussianKernel(sigmaVox[axis]));
  return { values: mask, dims: bd, start: [lo[0], lo[1], lo[2]], spacing: [...spacing], maskVolumeMm3: voxels * spacing[0] * spacing[1] * spacing[2] };
}

/** The blurred mask sampled on an isotropic grid of `step` mm, by trilinear interpolation. */
export function sampleField(blurred: BlurredMask, step: number): SampledField {
  const { values: mask, dims: bd, spacing } = blurred;
  const stride: [number, number, number] = [step / spacing[0], step / spacing[1], step / spacing[2]];
  const sd: [number, number, number] = [0, 1, 2].map((a) => Math.floor((bd[a] - 1) / stride[a]) + 1) as [number, number, number];
  const values = new Float32Array(sd[0] * sd[1] * sd[2]);
  const at = (x: number, y: number, z: number): number => mask[(z * bd[1] + y) * bd[0] + x];
  for (let sz = 0, p = 0; sz < sd[2]; sz++) {
    const fz = Math.min(sz * stride[2], bd[2] - 1);
    const z0 = Math.min(Math.floor(fz), Math.max(0, bd[2] - 2));
    const tz = fz - z0;
    const z1 = Math.min(z0 + 1, bd[2] - 1);
    for (let sy = 0; sy < sd[1]; sy++) {
      const fy = Math.min(sy * stride[1], bd[1] - 1);
      const y0 = Math.min(Math.floor(fy), Math.max(0, bd[1] - 2));
      const ty = fy - y0;
      const y1 = Math.min(y0 + 1, bd[1] - 1);
      for (let sx = 0; sx < sd[0]; sx++, p++) {
        const fx = Math.min(sx * stride[0], bd[0] - 1);
        const x0 = Math.min(Math.floor(fx), Math.max(0, bd[0] - 2));
        const tx = fx - x0;
        const x1 = Math.min(x0 + 1, bd[0] - 1);
        const c00 = at(x0, y0, z0) * (1 - tx) + at(x1, y0, z0) * tx;
        const c10 = at(x0, y1, z0) * (1 - tx) + at(x1, y1, z0) * tx;
        const c01 = at(x0, y0, z1) * (1 - tx) + at(x1, y0, z1) * tx;
        const c11 = at(x0, y1, z1) * (1 - tx) + at(x1, y1, z1) * tx;
        values[p] = (c00 * (1 - ty) + c10 * ty) * (1 - tz) + (c01 * (1 - ty) + c11 * ty) * tz;
      }
    }
  }
  return { values, dims: sd, step, start: blurred.start, stride, maskVolumeMm3: blurred.maskVolumeMm3 };
}
