/** Typed access to labels.json: the network's side-less bone classes and the labelmap values with sides. */
import table from './labels.json';

export type Side = 'left' | 'right';

export interface LabelEntry {
  value: number;
  name: string;
  displayName: string;
  bone: string;
  side: Side | null;
  color: [number, number, number];
}

export const LABELS: readonly LabelEntry[] = table.labels.map((l) => ({
  value: l.value,
  name: l.name,
  displayName: l.displayName,
  bone: l.bone,
  side: (l.side as Side | null) ?? null,
  color: l.color as [number, number, number],
}));

export const MAX_LABEL = Math.max(...LABELS.map((l) => l.value));

/** A DICOM code (Code Sequence item). */
export interface DicomCode {
  CodeValue: string;
  CodingSchemeDesignator: string;
  CodeMeaning: string;
}

/** The DICOM SEG codes of a label: category, type and, for a sided bone, the laterality modifier. */
export function dicomCodesOf(value: number): { category: DicomCode; type: DicomCode; laterality: DicomCode | null } | null {
  const entry = table.labels.find((l) => l.value === value) as { type?: DicomCode; side?: string | null } | undefined;
  if (!entry?.type) return null;
  const side = entry.side as Side | null | undefined;
  return { category: table.codes.category, type: entry.type, laterality: side ? table.codes.laterality[side] : null };
}

/** The labelmap value of a bone on a side (side ignored for side-less bones such as the sacrum); 0 if unknown. */
export function labelValueOf(bone: string, side: Side | null): number {
  const candidates = LABELS.filter((l) => l.bone === bone);
  if (candidates.length === 0) return 0;
  if (candidates.length === 1) return candidates[0].value;
  return candidates.find((l) => l.side === side)?.value ?? 0;
}

export function isBilateral(bone: string): boolean {
  return LABELS.filter((l) => l.bone === bone).length === 2;
}

export function labelByValue(value: number): LabelEntry | undefined {
  return LABELS.find((l) => l.value === value);
}
