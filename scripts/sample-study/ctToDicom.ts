import { createRequire } from 'node:module';
import type { CtVolume } from '../../extensions/bone-segmentation/src/core/types';
import { deterministicUid } from './uids';

/** The part of dcmjs (shipped without type declarations) used to write Part 10 files. */
interface Dcmjs {
  data: {
    DicomDict: new (meta: Record<string, unknown>) => { dict: Record<string, unknown>; write(): ArrayBuffer };
    DicomMetaDictionary: { denaturalizeDataset(dataset: Record<string, unknown>): Record<string, unknown> };
  };
}
const dcmjs = createRequire(import.meta.url)('dcmjs') as Dcmjs;

const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** Stored value = HU - RESCALE_INTERCEPT, kept in signed 16 bit. */
const RESCALE_INTERCEPT = -1024;

export interface StudyInfo {
  studyInstanceUid: string;
  frameOfReferenceUid: string;
  patientName: string;
  patientId: string;
  studyDescription: string;
  studyDate: string;
  studyTime: string;
}

export interface SeriesInfo {
  seriesInstanceUid: string;
  seriesNumber: number;
  seriesDescription: string;
  bodyPartExamined: string;
}

const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

/** DICOM decimal strings have 16 characters at most. */
const ds = (v: number): string => {
  const text = String(round6(v));
  return text.length <= 16 ? text : v.toPrecision(10).replace(/\.?0+$/, '');
};

/** One axial slice (k) of the volume as a DICOM CT image: positions from the volume's LPS geometry. */
export function ctSliceToPart10(volume: CtVolume, k: number, study: StudyInfo, series: SeriesInfo): Uint8Array {
  const [nx, ny] = volume.dims;
  const d = volume.direction;
  const position = [0, 1, 2].map((a) => volume.origin[a] + k * volume.spacing[2] * d[6 + a]);
  const pixels = new Int16Array(nx * ny);
  const offset = k * nx * ny;
  for (let n = 0; n < nx * ny; n++) {
    const stored = Math.round(volume.voxels[offset + n]) - RESCALE_INTERCEPT;
    pixels[n] = Math.max(-32768, Math.min(32767, stored));
  }
  const sopInstanceUid = deterministicUid(series.seriesInstanceUid, 'instance', k);
  const dataset: Record<string, unknown> = {
    SpecificCharacterSet: 'ISO_IR 100',
    ImageType: ['DERIVED', 'SECONDARY', 'AXIAL'],
    SOPClassUID: CT_IMAGE_STORAGE,
    SOPInstanceUID: sopInstanceUid,
    StudyDate: study.studyDate,
    SeriesDate: study.studyDate,
    StudyTime: study.studyTime,
    SeriesTime: study.studyTime,
    AccessionNumber: '',
    Modality: 'CT',
    Manufacturer: 'bone-segmentation-ohif (synthetic)',
    ReferringPhysicianName: '',
    StudyDescription: study.studyDescription,
    SeriesDescription: series.seriesDescription,
    PatientName: study.patientName,
    PatientID: study.patientId,
    PatientBirthDate: '',
    PatientSex: 'O',
    BodyPartExamined: series.bodyPartExamined,
    SliceThickness: ds(volume.spacing[2]),
    KVP: '120',
    PatientPosition: 'FFS',
    StudyInstanceUID: study.studyInstanceUid,
    SeriesInstanceUID: series.seriesInstanceUid,
    StudyID: '1',
    SeriesNumber: String(series.seriesNumber),
    InstanceNumber: String(k + 1),
    ImagePositionPatient: position.map(ds),
    ImageOrientationPatient: [d[0], d[1], d[2], d[3], d[4], d[5]].map(ds),
    FrameOfReferenceUID: study.frameOfReferenceUid,
    PositionReferenceIndicator: '',
    SliceLocation: ds(position[2]),
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: ny,
    Columns: nx,
    // Row spacing (between rows, along j), then column spacing (along i).
    PixelSpacing: [ds(volume.spacing[1]), ds(volume.spacing[0])],
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: 1,
    WindowCenter: ['300'],
    WindowWidth: ['1500'],
    RescaleIntercept: String(RESCALE_INTERCEPT),
    RescaleSlope: '1',
    RescaleType: 'HU',
    PixelData: pixels.buffer,
    _vrMap: { PixelData: 'OW' },
  };
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: CT_IMAGE_STORAGE,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: '2.25.167326384013916102357390414530468312345',
    ImplementationVersionName: 'BONESEG_0_1',
  };
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const dicomDict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dicomDict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dicomDict.write());
}
