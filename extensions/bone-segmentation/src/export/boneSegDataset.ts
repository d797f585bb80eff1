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

/** A naturalized sequence as a list (dcmjs gives a lone item as a plain object). */
function asItems(value: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(value)) return value as Array<Record<string, unknown>>;
  return value && typeof value === 'object' ? [value as Record<string, unknown>] : [];
}

const SEGMENTATION_DERIVATION = { CodeValue: '113076', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Segmentation' };
const SOURCE_IMAGE_PURPOSE = { CodeValue: '121322', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Source image for image processing operation' };
const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';

/**
 * Repairs what dciodvfy (dicom3tools) finds in the binary SEG OHIF 3.13 generates:
 * - segments are renumbered 1..N in the Segment Sequence, but the frames still reference the labelmap's own
 *   indices (9, 10, 11 for the hips and sacrum): a reader would find no segment for those frames;
 * - the Derivation Image items lack their Derivation Code and the source references their SOP Class and Purpose of
 *   Reference, and name a frame number of single-frame CT images;
 * (the file meta information is written by the store command, which builds its own Part 10 header).
 * `originalIndexOf` gives, per Segment Sequence item, the labelmap index it was made from.
 */
export function repairGeneratedSeg(dataset: Record<string, unknown>, originalIndexOf: number[]): void {
  const segments = asItems(dataset.SegmentSequence);
  const newNumberOf = new Map<number, number>();
  segments.forEach((item, i) => newNumberOf.set(originalIndexOf[i], Number(item.SegmentNumber)));
  const newNumbers = new Set(newNumberOf.values());
  const frames = asItems(dataset.PerFrameFunctionalGroupsSequence);
  const referenced = frames.map((frame) => Number(asItems(frame.SegmentIdentificationSequence)[0]?.ReferencedSegmentNumber));
  // Only when the frames point at labelmap indices (some are not segment numbers at all) are they renumbered.
  const usesLabelmapIndices = referenced.some((n) => !newNumbers.has(n));
  const sourceClass = new Map<string, string>();
  for (const series of asItems(dataset.ReferencedSeriesSequence)) {
    for (const instance of asItems(series.ReferencedInstanceSequence)) {
      sourceClass.set(String(instance.ReferencedSOPInstanceUID), String(instance.ReferencedSOPClassUID ?? CT_IMAGE_STORAGE));
    }
  }
  frames.forEach((frame, f) => {
    const identification = asItems(frame.SegmentIdentificationSequence)[0];
    if (identification && usesLabelmapIndices) {
      const renumbered = newNumberOf.get(referenced[f]);
      if (renumbered === undefined) throw new Error(`frame ${f + 1} references segment ${referenced[f]}, which the SEG does not describe`);
      identification.ReferencedSegmentNumber = renumbered;
    }
    for (const derivation of asItems(frame.DerivationImageSequence)) {
      derivation.DerivationCodeSequence ??= [{ ...SEGMENTATION_DERIVATION }];
      for (const source of asItems(derivation.SourceImageSequence)) {
        source.ReferencedSOPClassUID ??= sourceClass.get(String(source.ReferencedSOPInstanceUID)) ?? CT_IMAGE_STORAGE;
        source.PurposeOfReferenceCodeSequence ??= [{ ...SOURCE_IMAGE_PURPOSE }];
        // CT slices are single-frame images: a frame number there is not allowed.
        if (source.ReferencedSOPClassUID === CT_IMAGE_STORAGE) delete source.ReferencedFrameNumber;
      }
    }
  });
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
  repairGeneratedSeg(dataset, values);
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
