/**
 * Makes the DICOM SEG the host generates say what our segments are. OHIF's generateSegmentation codes every
 * segment as "Tissue" and "MANUAL"; a PACS, TotalSegmentator-aware tools and the next reader need the bone
 * (SNOMED CT codes from the label table, with laterality), how it was made (AUTOMATIC by the model, SEMIAUTOMATIC
 * once a person edited it) and by which model. Works on the naturalized (dcmjs) dataset; pure.
 */
import { dicomCodesOf, LABELS } from '../core/label-table';

interface SegmentItem {
  SegmentNumber?: number | string;
  SegmentLabel?: string;
  SegmentAlgorithmType?: string;
  SegmentAlgorithmName?: string;
  SegmentedPropertyCategoryCodeSequence?: unknown;
  SegmentedPropertyTypeCodeSequence?: unknown;
  [key: string]: unknown;
}

export interface BoneSegInfo {
  modelName: string;
  modelVersion: string;
  /** Label values edited by hand since the model made them. */
  edited: Set<number>;
  seriesDescription?: string;
}

/** Returns the label values found in the dataset's segments, in order; throws on a segment it cannot name. */
export function applyBoneSegmentCodes(dataset: Record<string, unknown>, info: BoneSegInfo): number[] {
  const raw = dataset.SegmentSequence;
  const items = (Array.isArray(raw) ? raw : raw ? [raw] : []) as SegmentItem[];
  if (items.length === 0) throw new Error('the generated SEG has no segments');
  const values = items.map((item) => {
    // The host may renumber segments 1..N, so the label (our display name) says which bone it is.
    const label = LABELS.find((l) => l.value > 0 && l.displayName === item.SegmentLabel);
    if (!label) throw new Error(`segment "${String(item.SegmentLabel)}" is not a bone of the label table`);
    const codes = dicomCodesOf(label.value)!;
    item.SegmentedPropertyCategoryCodeSequence = [{ ...codes.category }];
    item.SegmentedPropertyTypeCodeSequence = [
      codes.laterality ? { ...codes.type, SegmentedPropertyTypeModifierCodeSequence: [{ ...codes.laterality }] } : { ...codes.type },
    ];
    item.SegmentAlgorithmType = info.edited.has(label.value) ? 'SEMIAUTOMATIC' : 'AUTOMATIC';
    item.SegmentAlgorithmName = `${info.modelName} ${info.modelVersion}`;
    return label.value;
  });
  dataset.SegmentSequence = items;
  dataset.SeriesDescription = info.seriesDescription ?? 'Bones (AI)';
  dataset.ContentLabel = 'BONES';
  dataset.ContentDescription = `Bone segmentation by ${info.modelName} ${info.modelVersion}`;
  dataset.Manufacturer = 'bone-segmentation OHIF plugin';
  dataset.ManufacturerModelName = info.modelName;
  dataset.SoftwareVersions = info.modelVersion;
  // dcmjs writes a placeholder Study ID that some PACS then show; the study has its own.
  if (dataset.StudyID === 'No Study ID') dataset.StudyID = '';
  return values;
}
