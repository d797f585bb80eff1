/**
 * What the stored DICOM SEG says about each bone: SNOMED CT category, type and laterality from the label table,
 * AUTOMATIC for segments as the model made them and SEMIAUTOMATIC for edited ones (found by fingerprints of the
 * labelmap), and the model's name and version.
 */
import { dicomCodesOf, LABELS } from '../../../extensions/bone-segmentation/src/core/label-table';
import { applyBoneSegmentCodes } from '../../../extensions/bone-segmentation/src/export/boneSegDataset';
import { editedSegments, segmentFingerprints } from '../../../extensions/bone-segmentation/src/export/segmentFingerprint';

describe('the label table codes every bone', () => {
  it('gives each bone a SNOMED CT type, the anatomical-structure category and, for sided bones, the laterality', () => {
    for (const label of LABELS.filter((l) => l.value > 0)) {
      const codes = dicomCodesOf(label.value)!;
      expect(codes.category).toEqual({ CodeValue: '91723000', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Anatomical Structure' });
      expect(codes.type.CodingSchemeDesignator).toBe('SCT');
      expect(codes.type.CodeValue).toMatch(/^\d{6,9}$/);
      expect(codes.laterality?.CodeMeaning ?? null).toBe(label.side === 'left' ? 'Left' : label.side === 'right' ? 'Right' : null);
    }
    expect(dicomCodesOf(1)!.type.CodeValue).toBe(dicomCodesOf(2)!.type.CodeValue);
    expect(dicomCodesOf(0)).toBeNull();
  });
});

describe('segment fingerprints', () => {
  it('find exactly the segments whose voxels changed, moved or vanished, in any slice order', () => {
    const labels = new Uint8Array(4 * 4 * 3);
    labels.fill(1, 0, 10);
    labels.fill(9, 20, 30);
    labels.fill(11, 40, 44);
    const made = segmentFingerprints(labels);
    const moved = labels.slice();
    moved[0] = 0;
    moved[10] = 1; // label 1: same count, one voxel moved
    moved[40] = 0; // label 11: one voxel erased
    expect([...editedSegments(made, segmentFingerprints(moved))].sort((a, b) => a - b)).toEqual([1, 11]);
    expect(editedSegments(made, segmentFingerprints(labels.slice())).size).toBe(0);
    // The same labels stored in reverse slice order fingerprint alike once each slice's rank is given.
    const slice = 16;
    const reversed = new Uint8Array(labels.length);
    for (let k = 0; k < 3; k++) reversed.set(labels.subarray(k * slice, (k + 1) * slice), (2 - k) * slice);
    expect(editedSegments(made, segmentFingerprints(reversed, slice, [2, 1, 0])).size).toBe(0);
  });
});

describe('the DICOM SEG dataset', () => {
  it('replaces the host coding (Tissue, MANUAL) with the bone, laterality, algorithm type and model', () => {
    const tissue = { CodeValue: 'T-D0050', CodingSchemeDesignator: 'SRT', CodeMeaning: 'Tissue' };
    const dataset: Record<string, unknown> = {
      StudyID: 'No Study ID',
      SegmentSequence: [
        { SegmentNumber: 1, SegmentLabel: 'Femur L', SegmentAlgorithmType: 'MANUAL', SegmentedPropertyCategoryCodeSequence: tissue, SegmentedPropertyTypeCodeSequence: tissue },
        { SegmentNumber: 2, SegmentLabel: 'Sacrum', SegmentAlgorithmType: 'MANUAL', SegmentedPropertyCategoryCodeSequence: tissue, SegmentedPropertyTypeCodeSequence: tissue },
      ],
    };
    const values = applyBoneSegmentCodes(dataset, { modelName: 'bone-coarse', modelVersion: '0.1.9457', edited: new Set([11]) });
    expect(values).toEqual([1, 11]);
    const [femur, sacrum] = dataset.SegmentSequence as Array<Record<string, any>>;
    expect(femur.SegmentAlgorithmType).toBe('AUTOMATIC');
    expect(sacrum.SegmentAlgorithmType).toBe('SEMIAUTOMATIC');
    expect(femur.SegmentAlgorithmName).toBe('bone-coarse 0.1.9457');
    expect(femur.SegmentedPropertyTypeCodeSequence[0]).toMatchObject({ CodeValue: '71341001', CodeMeaning: 'Femur' });
    expect(femur.SegmentedPropertyTypeCodeSequence[0].SegmentedPropertyTypeModifierCodeSequence[0].CodeMeaning).toBe('Left');
    expect(sacrum.SegmentedPropertyTypeCodeSequence[0]).toEqual({ CodeValue: '54735007', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Sacrum' });
    expect(femur.SegmentedPropertyCategoryCodeSequence[0].CodeValue).toBe('91723000');
    expect(dataset.StudyID).toBe('');
    expect(dataset.SeriesDescription).toBe('Bones (AI)');
    expect(dataset.SoftwareVersions).toBe('0.1.9457');
  });

  it('repairs what dciodvfy found in the host SEG: frames renumbered to the segments, derivation codes, no frame numbers of CT slices', () => {
    const frame = (segment: number, sop: string) => ({
      SegmentIdentificationSequence: { ReferencedSegmentNumber: segment },
      DerivationImageSequence: { SourceImageSequence: { ReferencedSOPInstanceUID: sop, ReferencedFrameNumber: '1' } },
    });
    const dataset: Record<string, unknown> = {
      SegmentSequence: [
        { SegmentNumber: 1, SegmentLabel: 'Femur L' },
        { SegmentNumber: 2, SegmentLabel: 'Hip L' },
        { SegmentNumber: 3, SegmentLabel: 'Sacrum' },
      ],
      ReferencedSeriesSequence: { ReferencedInstanceSequence: [{ ReferencedSOPInstanceUID: '1.2.3', ReferencedSOPClassUID: '1.2.840.10008.5.1.4.1.1.2' }] },
      PerFrameFunctionalGroupsSequence: [frame(1, '1.2.3'), frame(9, '1.2.3'), frame(11, '1.2.3')],
    };
    applyBoneSegmentCodes(dataset, { modelName: 'm', modelVersion: '1', edited: new Set() });
    const frames = dataset.PerFrameFunctionalGroupsSequence as Array<Record<string, any>>;
    expect(frames.map((f) => f.SegmentIdentificationSequence.ReferencedSegmentNumber)).toEqual([1, 2, 3]);
    const source = frames[1].DerivationImageSequence.SourceImageSequence;
    expect(source.ReferencedSOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.2');
    expect(source.ReferencedFrameNumber).toBeUndefined();
    expect(source.PurposeOfReferenceCodeSequence[0].CodeValue).toBe('121322');
    expect(frames[1].DerivationImageSequence.DerivationCodeSequence[0].CodeValue).toBe('113076');
  });

  it('refuses a segment that is not a bone of the label table', () => {
    expect(() => applyBoneSegmentCodes({ SegmentSequence: [{ SegmentLabel: 'Liver' }] }, { modelName: 'm', modelVersion: '1', edited: new Set() })).toThrow(/Liver/);
  });
});
