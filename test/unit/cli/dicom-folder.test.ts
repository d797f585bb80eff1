import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dcmjs from 'dcmjs';
import { readDicomFolder } from '../../../cli/io/dicom-folder';
import { InvalidInputError } from '../../../extensions/bone-segmentation/src/core/errors';
import type { CtVolume } from '../../../extensions/bone-segmentation/src/core/types';
import { ctSliceToPart10 } from '../../../scripts/sample-study/ctToDicom';

const study = {
  studyInstanceUid: '2.25.1',
  frameOfReferenceUid: '2.25.2',
  patientName: 'SYNTHETIC^TEST',
  patientId: 'T1',
  studyDescription: 'test',
  studyDate: '20260101',
  studyTime: '120000',
};
const series = { seriesInstanceUid: '2.25.3', seriesNumber: 1, seriesDescription: 'SYNTHETIC test', bodyPartExamined: 'KNEE' };

function volume(): CtVolume {
  const dims: [number, number, number] = [20, 16, 12];
  const voxels = new Int16Array(20 * 16 * 12).map((_, i) => ((i * 37) % 2000) - 1000);
  // Axial slices 2.5 mm apart along +z; rows along +x, columns along +y.
  return { voxels, dims, spacing: [0.7, 0.8, 2.5], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], origin: [-7, -6, 30] };
}

describe('DICOM folder reader', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dicom-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writeSeries(v: CtVolume, order: number[]): void {
    for (const k of order) writeFileSync(join(dir, `img${String(order.indexOf(k)).padStart(3, '0')}.dcm`), ctSliceToPart10(v, k, study, series));
  }

  it('sorts shuffled slices along the normal and rebuilds the volume in HU with its geometry', async () => {
    const v = volume();
    writeSeries(v, [5, 0, 11, 3, 7, 1, 9, 2, 10, 4, 8, 6]);
    writeFileSync(join(dir, 'notes.txt'), 'not DICOM');
    const back = await readDicomFolder(dir);
    expect(back.dims).toEqual(v.dims);
    back.spacing.forEach((s, i) => expect(s).toBeCloseTo(v.spacing[i], 5));
    expect(back.direction).toEqual(v.direction);
    back.origin.forEach((o, i) => expect(o).toBeCloseTo(v.origin[i], 5));
    expect(Array.from(back.voxels)).toEqual(Array.from(v.voxels));
  });

  it('refuses a series with a missing slice in one sentence', async () => {
    writeSeries(volume(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    unlinkSync(join(dir, 'img005.dcm'));
    await expect(readDicomFolder(dir)).rejects.toThrow(InvalidInputError);
    await expect(readDicomFolder(dir)).rejects.toThrow(/missing slices/);
  });

  /** A slice of `v` with dataset fields changed (a scout, a dose report...), through dcmjs. */
  function variant(v: CtVolume, k: number, seriesInfo: typeof series, change: (ds: Record<string, unknown>) => void): Buffer {
    const part10 = ctSliceToPart10(v, k, study, seriesInfo);
    const msg = dcmjs.data.DicomMessage.readFile(part10.buffer.slice(part10.byteOffset, part10.byteOffset + part10.byteLength));
    const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(msg.dict) as Record<string, unknown>;
    change(ds);
    msg.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(ds);
    return Buffer.from(msg.write());
  }

  it('reads the series with the most slices of a study folder, leaving out scouts and dose reports, and says so', async () => {
    const v = volume();
    writeSeries(v, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    // A 5 mm reconstruction of the same study: fewer slices, another series.
    const thick = { ...series, seriesInstanceUid: '2.25.4', seriesNumber: 2, seriesDescription: 'SYNTHETIC 5 mm' };
    for (let k = 0; k < 6; k++) writeFileSync(join(dir, `thick${k}.dcm`), ctSliceToPart10({ ...v, spacing: [0.7, 0.8, 5] }, k, study, thick));
    // A scout in the main series' own UID and a dose report without a position.
    writeFileSync(join(dir, 'scout.dcm'), variant(v, 0, series, (ds) => {
      ds.ImageType = ['ORIGINAL', 'PRIMARY', 'LOCALIZER'];
      ds.ImageOrientationPatient = [0, 1, 0, 0, 0, -1];
    }));
    writeFileSync(join(dir, 'dose.dcm'), variant(v, 0, { ...series, seriesInstanceUid: '2.25.9' }, (ds) => {
      delete ds.ImagePositionPatient;
      delete ds.ImageOrientationPatient;
    }));
    const notes: string[] = [];
    const back = await readDicomFolder(dir, (n) => notes.push(n));
    expect(back.dims).toEqual(v.dims);
    expect(back.spacing[2]).toBeCloseTo(2.5, 5);
    expect(Array.from(back.voxels)).toEqual(Array.from(v.voxels));
    expect(notes).toEqual([
      'Left out 1 image(s) without a position in the patient (dose report, screen capture).',
      'Left out 1 scout image(s).',
      'The folder holds 2 CT series; reading the one with the most slices, "SYNTHETIC test" (12 slices).',
    ]);
  });

  it('refuses two series of the same size rather than guess', async () => {
    const v = volume();
    writeSeries(v, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const other = { ...series, seriesInstanceUid: '2.25.5', seriesDescription: 'SYNTHETIC soft kernel' };
    for (let k = 0; k < 12; k++) writeFileSync(join(dir, `soft${k}.dcm`), ctSliceToPart10(v, k, study, other));
    await expect(readDicomFolder(dir)).rejects.toThrow(/2 CT series, two of them with 12 slices; point to a folder with one series/);
  });

  it('refuses a folder without DICOM images', async () => {
    writeFileSync(join(dir, 'a.txt'), 'hello');
    await expect(readDicomFolder(dir)).rejects.toThrow(/No DICOM images/);
  });
});

describe('compressed DICOM (fixtures made with dcmtk, see fixtures/README.md)', () => {
  it.each(['dicom-jpeg-lossless', 'dicom-rle'])('decodes %s exactly', async (folder) => {
    const v = await readDicomFolder(join(__dirname, 'fixtures', folder));
    expect(v.dims).toEqual([24, 20, 10]);
    expect(v.spacing.map((s) => +s.toFixed(4))).toEqual([0.8, 0.9, 3]);
    const expected = Array.from({ length: 24 * 20 * 10 }, (_, i) => ((i * 97) % 2600) - 1100);
    expect(Array.from(v.voxels)).toEqual(expected);
  });
});
