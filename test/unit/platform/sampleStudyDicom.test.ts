import { createRequire } from 'node:module';
import type { CtVolume } from '../../../extensions/bone-segmentation/src/core/types';
import { ctSliceToPart10, type SeriesInfo, type StudyInfo } from '../../../scripts/sample-study/ctToDicom';
import { deterministicUid } from '../../../scripts/sample-study/uids';

interface DicomElement { Value?: unknown[] }
const dcmjs = createRequire(__filename)('dcmjs') as {
  data: { DicomMessage: { readFile(buffer: ArrayBuffer): { dict: Record<string, DicomElement>; meta: Record<string, DicomElement> } } };
};

const study: StudyInfo = {
  studyInstanceUid: deterministicUid('test study'),
  frameOfReferenceUid: deterministicUid('test frame'),
  patientName: 'SYNTHETIC^Test',
  patientId: 'SYNTHETIC-T',
  studyDescription: 'SYNTHETIC test',
  studyDate: '20240101',
  studyTime: '120000',
};
const series: SeriesInfo = { seriesInstanceUid: deterministicUid('test series'), seriesNumber: 3, seriesDescription: 'SYNTHETIC CT knees', bodyPartExamined: 'KNEE' };

/** 4 x 3 x 2 voxels, tilted axes, so row/column order and slice positions are all observable. */
function volume(): CtVolume {
  const voxels = new Int16Array(24);
  for (let n = 0; n < 24; n++) voxels[n] = -1000 + n * 100; // -1000 .. 1300 HU
  const c = Math.SQRT1_2;
  return { voxels, dims: [4, 3, 2], spacing: [0.5, 0.75, 2], direction: [c, c, 0, -c, c, 0, 0, 0, 1], origin: [10, 20, 30] };
}

const first = (ds: Record<string, DicomElement>, tag: string): unknown => ds[tag]?.Value?.[0];
const all = (ds: Record<string, DicomElement>, tag: string): unknown[] => ds[tag]?.Value ?? [];

describe('sample study DICOM writer', () => {
  it('writes a CT slice whose pixels, rescale and geometry reproduce the volume', () => {
    const bytes = ctSliceToPart10(volume(), 1, study, series);
    const { dict, meta } = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect(first(meta, '00020010')).toBe('1.2.840.10008.1.2.1');
    expect(first(dict, '00080016')).toBe('1.2.840.10008.5.1.4.1.1.2');
    expect(first(dict, '00080060')).toBe('CT');
    expect(first(dict, '0008103E')).toContain('SYNTHETIC');
    expect(JSON.stringify(first(dict, '00100010'))).toContain('SYNTHETIC');
    expect(first(dict, '0020000D')).toBe(study.studyInstanceUid);
    expect(first(dict, '00280010')).toBe(3); // rows = j
    expect(first(dict, '00280011')).toBe(4); // columns = i
    expect(all(dict, '00280030').map(Number)).toEqual([0.75, 0.5]); // row spacing, column spacing
    expect(all(dict, '00200037').map(Number)).toEqual(volume().direction.slice(0, 6).map((v) => Number(v.toFixed(6))));
    expect(all(dict, '00200032').map(Number)).toEqual([10, 20, 32]); // origin + 1 slice * 2 mm along k
    expect(first(dict, '00280100')).toBe(16);
    expect(first(dict, '00280103')).toBe(1);
    const slope = Number(first(dict, '00281053'));
    const intercept = Number(first(dict, '00281052'));
    const stored = new Int16Array(all(dict, '7FE00010')[0] as ArrayBuffer);
    expect(Array.from(stored, (v) => v * slope + intercept)).toEqual(Array.from(volume().voxels.subarray(12, 24)));
  });

  it('derives valid, stable UIDs (2.25 root, at most 64 characters)', () => {
    const uid = deterministicUid('a', 1);
    expect(uid).toMatch(/^2\.25\.(0|[1-9]\d*)$/);
    expect(uid.length).toBeLessThanOrEqual(64);
    expect(deterministicUid('a', 1)).toBe(uid);
    expect(deterministicUid('a', 2)).not.toBe(uid);
  });
});
