/**
 * Checks a display set's DICOM facts before any voxel is read: the cheap, specific messages (wrong modality, scout,
 * too few slices, gaps, uneven spacing, gantry tilt, too large) come from the per-slice positions, which the
 * Cornerstone volume no longer shows once it has been resampled onto a regular grid. Pure: no OHIF, no DOM.
 */
import { InvalidInputError } from '../core/errors';
import { stackGeometry, type Vec3 } from '../core/slice-geometry';
import { MIN_SLICES } from '../core/validate';

export type SeriesProblem =
  | 'not-image'
  | 'not-ct'
  | 'scout'
  | 'too-few-slices'
  | 'mixed-orientation'
  | 'missing-position'
  | 'gantry-tilt'
  | 'missing-slices'
  | 'uneven-spacing'
  | 'too-large';

export interface SliceFacts {
  position?: number[];
  orientation?: number[];
}

export interface SeriesFacts {
  modality?: string;
  seriesDescription?: string;
  /** ImageType values of the first image, e.g. ['ORIGINAL', 'PRIMARY', 'AXIAL']. */
  imageType?: string[];
  rows?: number;
  columns?: number;
  /** One entry per image (frame) in the series, any order. */
  slices: SliceFacts[];
}

export type SeriesCheck = { ok: true } | { ok: false; problem: SeriesProblem; message: string };

/**
 * The browser holds the host's volume, our transferred copy and the labelmap (~5 bytes a voxel at the peak):
 * 512 x 512 x 1000 is about 1.3 GB, the most we ask of a tab (the CLI, with no host viewer, accepts twice that).
 */
export const MAX_BROWSER_VOXELS = 512 * 512 * 1000;
const STACK_PROBLEMS = new Set<SeriesProblem>(['gantry-tilt', 'missing-slices', 'uneven-spacing']);

const NON_IMAGE_MODALITIES: Record<string, string> = {
  SEG: 'a segmentation (SEG)',
  RTSTRUCT: 'a structure set (RTSTRUCT)',
  SR: 'a report (SR)',
  DOC: 'a document',
  KO: 'a key-object selection',
  PR: 'a presentation state',
  RWV: 'real-world value mapping',
};

const SCOUT_DESCRIPTION = /\b(scout|topogram|localizer|localiser|scanogram|surview|pilot)\b/i;

const fail = (problem: SeriesProblem, message: string): SeriesCheck => ({ ok: false, problem, message });

const isVector = (v: number[] | undefined, n: number): v is number[] =>
  Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' && Number.isFinite(x));

export function checkSeries(facts: SeriesFacts): SeriesCheck {
  const modality = (facts.modality ?? '').toUpperCase();
  if (NON_IMAGE_MODALITIES[modality]) {
    return fail('not-image', `The active viewport shows ${NON_IMAGE_MODALITIES[modality]}, not a CT image series. Select the CT series and try again.`);
  }
  if (modality !== 'CT') {
    return fail('not-ct', `Bone segmentation needs a CT series; the active viewport shows ${modality || 'an image of unknown modality'}.`);
  }
  const imageType = (facts.imageType ?? []).map((t) => String(t).toUpperCase());
  if (imageType.includes('LOCALIZER') || SCOUT_DESCRIPTION.test(facts.seriesDescription ?? '')) {
    return fail('scout', 'This is a scout (localizer) image, not a CT volume. Open the axial CT series and try again.');
  }
  const count = facts.slices.length;
  if (count < MIN_SLICES) {
    return fail('too-few-slices', `The series has ${count} slice${count === 1 ? '' : 's'}; at least ${MIN_SLICES} are needed.`);
  }
  const voxels = (facts.rows ?? 0) * (facts.columns ?? 0) * count;
  if (voxels > MAX_BROWSER_VOXELS) {
    return fail(
      'too-large',
      `The series is too large for this browser's memory (${facts.columns} x ${facts.rows} x ${count} voxels; the limit is ${MAX_BROWSER_VOXELS / 512 / 512} slices of 512 x 512). Use the command-line tool or a cropped series.`,
    );
  }

  const first = facts.slices[0];
  if (!isVector(first.orientation, 6) || facts.slices.some((s) => !isVector(s.position, 3))) {
    return fail('missing-position', 'The series lacks slice positions or orientation, so it cannot be treated as a volume.');
  }
  const orientation = first.orientation;
  for (const s of facts.slices) {
    if (!isVector(s.orientation, 6) || s.orientation.some((x, i) => Math.abs(x - orientation[i]) > 1e-3)) {
      return fail('mixed-orientation', 'The slices of this series have different orientations, so it is not one volume.');
    }
  }
  // Spacing, gaps and tilt: the same rule (and sentence) as the CLI's DICOM reader.
  try {
    stackGeometry(
      facts.slices.map((s) => s.position as Vec3),
      orientation.slice(0, 3) as Vec3,
      orientation.slice(3, 6) as Vec3,
    );
  } catch (error) {
    if (error instanceof InvalidInputError && STACK_PROBLEMS.has(error.reason as SeriesProblem)) {
      return fail(error.reason as SeriesProblem, error.message);
    }
    throw error;
  }
  return { ok: true };
}
