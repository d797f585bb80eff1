// The PACS side of the e2e harness on its own: Debian's Orthanc with the DICOMweb plugin, and the on-purpose
// repair of the real abdominal series whose UIDs are blank in ../shared.
import { repairAbdomenSeries, unrepairedAbdomenFiles, type RepairedSeries } from './fixtures/dicom-fixtures';
import { isValidUid } from './fixtures/dicom-uids';
import { startOrthanc, type RunningOrthanc } from './fixtures/orthanc';

describe('Orthanc fixture with the real abdominal CT series', () => {
  let orthanc: RunningOrthanc;
  let repaired: RepairedSeries;

  beforeAll(async () => {
    orthanc = await startOrthanc();
    repaired = await repairAbdomenSeries();
  });

  afterAll(async () => {
    await orthanc?.stop();
    await repaired?.cleanup();
  });

  it('Orthanc refuses the series as shipped, because its UIDs are empty', async () => {
    const [first] = await unrepairedAbdomenFiles();
    const result = await orthanc.upload(first);
    expect(result.status).toBe(400);
    expect(result.body.Details).toMatch(/missing StudyInstanceUID/i);
    expect(await orthanc.listStudies()).toEqual([]);
  });

  it('the repair gives one study, one series and a distinct valid SOP Instance UID per slice', () => {
    expect(repaired.files).toHaveLength(20);
    const uids = [repaired.studyInstanceUid, repaired.seriesInstanceUid, ...repaired.sopInstanceUids];
    for (const uid of uids) expect(isValidUid(uid)).toBe(true);
    expect(new Set(uids).size).toBe(uids.length);
  });

  it('Orthanc stores every repaired slice and serves the study over DICOMweb', async () => {
    const results = await orthanc.uploadAll(repaired.files);
    expect(new Set(results.map((r) => r.body.ParentStudy)).size).toBe(1);
    expect(new Set(results.map((r) => r.body.ParentSeries)).size).toBe(1);

    const study = await orthanc.getStudy(results[0].body.ParentStudy!);
    expect(study.MainDicomTags.StudyInstanceUID).toBe(repaired.studyInstanceUid);
    expect(study.PatientMainDicomTags.PatientID).toBe(repaired.patientId);

    const qido = await fetch(`${orthanc.dicomWebRoot}/studies?StudyInstanceUID=${repaired.studyInstanceUid}`);
    expect(qido.status).toBe(200);
    const studies = (await qido.json()) as Array<Record<string, { Value?: unknown[] }>>;
    expect(studies).toHaveLength(1);
    expect(studies[0]['0020000D'].Value).toEqual([repaired.studyInstanceUid]);

    const instances = await fetch(
      `${orthanc.dicomWebRoot}/studies/${repaired.studyInstanceUid}/series/${repaired.seriesInstanceUid}/instances`,
    );
    expect(((await instances.json()) as unknown[]).length).toBe(20);
  });
});
