/**
 * Geometry of a stack of 2D slices (DICOM or a viewer's image stack) before it becomes a CtVolume: order along the
 * slice normal, uniform spacing, no missing slices, no gantry tilt. Shared by the CLI's DICOM reader and the viewer
 * adapter so both refuse the same inputs with the same sentence.
 */
import { InvalidInputError } from './errors';

export type Vec3 = [number, number, number];

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

export interface StackGeometry {
  /** Indices into the input positions, sorted along the slice normal (increasing). */
  order: number[];
  /** Mean distance between consecutive slices (mm). */
  spacing: number;
  normal: Vec3;
}

/** Relative deviation of a gap from the median gap that we still call uniform. */
const GAP_TOLERANCE = 0.1;
/** Slice step component perpendicular to the normal (mm per slice) that means the gantry was tilted. */
const TILT_TOLERANCE_MM = 0.05;

export function stackGeometry(positions: Vec3[], rowCosines: Vec3, columnCosines: Vec3): StackGeometry {
  const normal = cross(rowCosines, columnCosines);
  const n = positions.length;
  if (n < 2) return { order: positions.map((_, i) => i), spacing: 1, normal };
  const along = positions.map((p) => dot(p, normal));
  const order = along.map((_, i) => i).sort((a, b) => along[a] - along[b]);
  const gaps: number[] = [];
  for (let s = 1; s < n; s++) gaps.push(along[order[s]] - along[order[s - 1]]);
  if (gaps.some((g) => g < 1e-3))
    throw new InvalidInputError('uneven-spacing', 'The series has two slices at the same position (more than one series, or duplicates).');
  const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)];
  for (const g of gaps) {
    if (Math.abs(g - median) > GAP_TOLERANCE * median) {
      if (g > 1.5 * median)
        throw new InvalidInputError('missing-slices', `The series has missing slices (a gap of ${g.toFixed(2)} mm where slices are ${median.toFixed(2)} mm apart).`);
      throw new InvalidInputError('uneven-spacing', `The slice spacing is uneven (${Math.min(...gaps).toFixed(2)} to ${Math.max(...gaps).toFixed(2)} mm).`);
    }
  }
  // A tilted gantry moves each slice sideways as well as along the normal.
  const first = positions[order[0]];
  const last = positions[order[n - 1]];
  const step: Vec3 = [(last[0] - first[0]) / (n - 1), (last[1] - first[1]) / (n - 1), (last[2] - first[2]) / (n - 1)];
  const alongStep = dot(step, normal);
  const sideways = Math.hypot(step[0] - alongStep * normal[0], step[1] - alongStep * normal[1], step[2] - alongStep * normal[2]);
  if (sideways > TILT_TOLERANCE_MM && sideways > 0.01 * Math.abs(alongStep))
    throw new InvalidInputError('gantry-tilt', 'The series was acquired with gantry tilt; reconstruct it without tilt first.');
  return { order, spacing: (along[order[n - 1]] - along[order[0]]) / (n - 1), normal };
}
