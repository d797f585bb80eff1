/**
 * What the core needs to know about the coarse network, read from models/<name>/model.json (written by the training
 * code). Parsed strictly: a wrong description would silently give wrong labels.
 *
 * model.json fields used here (the training code's spelling first; the alternatives are accepted too):
 *   spacingMm      [x, y, z] mm of the network's input grid, axes x = patient Left, y = Posterior, z = Superior
 *                  (or "spacing")
 *   classes        the network's output channels, in order: side-less bone names from labels.json ("background" first)
 *   normalisation  { clipLo, clipHi, center, scale } (or "normalization" with clip: [lo, hi]):
 *                  input = (clamp(HU, lo, hi) - center) / scale
 *   padValueHu     HU the network saw outside the field of view (default -1000)
 *   sizeMultiple   every input dimension must be a multiple of this (U-Net down-sampling)
 *   maxInputShape  optional [z, y, x] largest single pass; larger volumes go through overlapping windows
 *   windowOverlap  optional fraction of window overlap for the sliding window (default 0.25)
 *   onnx           file name of the network beside model.json
 */
import { ModelConfigError } from './errors';
import { LABELS } from './label-table';

export interface ModelConfig {
  /** Name and version of the model, for what is written with its results (STL headers, DICOM SEG, reports). */
  name?: string;
  version?: string;
  onnx: string;
  /** Lower-case hex SHA-256 of the network file; parseModelConfig requires it, loaders verify it. */
  sha256?: string;
  spacing: [number, number, number];
  classes: string[];
  normalization: { clip: [number, number]; center: number; scale: number };
  /** HU used for padding beyond the volume (what the network saw outside a field of view in training). */
  padValueHu: number;
  sizeMultiple: number;
  /** [z, y, x] */
  maxInputShape: [number, number, number];
  windowOverlap: number;
}

const DEFAULT_MAX_INPUT: [number, number, number] = [192, 224, 224];

function numberArray(v: unknown, n: number, what: string): number[] {
  if (!Array.isArray(v) || v.length !== n || !v.every((x) => typeof x === 'number' && Number.isFinite(x)))
    throw new ModelConfigError(`model.json: "${what}" must be ${n} numbers.`);
  return v as number[];
}

export function parseModelConfig(json: unknown): ModelConfig {
  if (typeof json !== 'object' || json === null) throw new ModelConfigError('model.json is not a JSON object.');
  const j = json as Record<string, unknown>;
  const spacingField = j.spacingMm ?? j.spacing;
  const spacingRaw = typeof spacingField === 'number' ? [spacingField, spacingField, spacingField] : spacingField;
  const spacing = numberArray(spacingRaw, 3, 'spacing') as [number, number, number];
  if (spacing.some((s) => s <= 0)) throw new ModelConfigError('model.json: "spacing" must be positive.');
  const classes = j.classes;
  if (!Array.isArray(classes) || classes.length < 2 || !classes.every((c) => typeof c === 'string'))
    throw new ModelConfigError('model.json: "classes" must list the output channels by bone name.');
  const known = new Set(LABELS.map((l) => l.bone));
  const unknown = (classes as string[]).filter((c) => !known.has(c));
  if (unknown.length) throw new ModelConfigError(`model.json: classes ${unknown.join(', ')} are not in labels.json.`);
  if (classes[0] !== 'background') throw new ModelConfigError('model.json: the first class must be "background".');
  const n = (j.normalisation ?? j.normalization) as Record<string, unknown> | undefined;
  if (!n || typeof n !== 'object') throw new ModelConfigError('model.json: "normalisation" is missing.');
  const clip = numberArray(n.clip ?? [n.clipLo, n.clipHi], 2, 'normalisation clip (clipLo, clipHi)') as [number, number];
  if (!(clip[0] < clip[1])) throw new ModelConfigError('model.json: normalisation clipLo must be below clipHi.');
  const center = Number(n.center ?? 0);
  const scale = Number(n.scale ?? 1);
  if (!Number.isFinite(center) || !Number.isFinite(scale) || scale === 0)
    throw new ModelConfigError('model.json: normalization center/scale must be finite and scale non-zero.');
  const sizeMultiple = Number(j.sizeMultiple ?? 16);
  if (!Number.isInteger(sizeMultiple) || sizeMultiple < 1) throw new ModelConfigError('model.json: "sizeMultiple" must be a positive integer.');
  const maxInputShape = (j.maxInputShape === undefined ? DEFAULT_MAX_INPUT : numberArray(j.maxInputShape, 3, 'maxInputShape')) as [
    number,
    number,
    number,
  ];
  if (maxInputShape.some((m) => m < sizeMultiple || m % sizeMultiple !== 0))
    throw new ModelConfigError('model.json: "maxInputShape" must be multiples of sizeMultiple.');
  const windowOverlap = Number(j.windowOverlap ?? 0.25);
  if (!(windowOverlap >= 0 && windowOverlap < 0.9)) throw new ModelConfigError('model.json: "windowOverlap" must be in [0, 0.9).');
  const onnx = typeof j.onnx === 'string' ? j.onnx : 'model.onnx';
  // A file name beside model.json, never a path: a hostile model.json must not point the loaders elsewhere.
  if (!/^[\w][\w.-]*\.onnx$/.test(onnx) || onnx.includes('..')) throw new ModelConfigError('model.json: "onnx" must be a file name ending in .onnx.');
  const sha256 = typeof j.sha256 === 'string' ? j.sha256.toLowerCase() : '';
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new ModelConfigError('model.json: "sha256" of the network file must be 64 hex digits.');
  const padValueHu = j.padValueHu === undefined ? -1000 : Number(j.padValueHu);
  if (!Number.isFinite(padValueHu)) throw new ModelConfigError('model.json: "padValueHu" must be a number.');
  return {
    name: typeof j.name === 'string' ? j.name : 'bone model',
    version: typeof j.version === 'string' ? j.version : 'unknown',
    onnx,
    sha256,
    spacing,
    classes: classes as string[],
    normalization: { clip, center, scale },
    padValueHu,
    sizeMultiple,
    maxInputShape,
    windowOverlap,
  };
}
