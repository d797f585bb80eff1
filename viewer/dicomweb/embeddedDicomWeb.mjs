// A small DICOMweb server (QIDO-RS + WADO-RS) over a folder of DICOM files: what `npm start` uses when no PACS
// is given. It implements the requests OHIF 3.13's dicomweb data source makes; nothing is written.
import { randomBytes } from 'node:crypto';
import { PIXEL_DATA, element, firstString, toDicomJson } from './dicomJson.mjs';
import { UNCOMPRESSED_SYNTAXES, indexDicomFolder, readDicomFile } from './folderIndex.mjs';
import { filterStudies, instanceJson, seriesJson, sortedSeries, studyJson } from './qido.mjs';

const EXPLICIT_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

function sendJson(res, status, body) {
  const data = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': 'application/dicom+json', 'Content-Length': data.length });
  res.end(data);
}

function sendError(res, status, message) {
  const data = Buffer.from(`${message}\n`);
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': data.length });
  res.end(data);
}

/** Bytes of frame `n` (1-based) of an instance, plus the transfer syntax they are in. */
async function readFrame(instance, n) {
  const message = await readDicomFile(instance.file);
  const pixelData = message.dict[PIXEL_DATA]?.Value;
  if (!pixelData?.length) throw new Error('no pixel data');
  if (UNCOMPRESSED_SYNTAXES.has(instance.transferSyntax)) {
    const ds = message.dict;
    const rows = Number(firstString(ds, '00280010'));
    const columns = Number(firstString(ds, '00280011'));
    const samples = Number(firstString(ds, '00280002')) || 1;
    const bits = Number(firstString(ds, '00280100')) || 16;
    const frameBytes = Math.ceil((rows * columns * samples * bits) / 8);
    const all = Buffer.concat(pixelData.map((part) => Buffer.from(part)));
    const start = (n - 1) * frameBytes;
    if (start + frameBytes > all.length) throw new RangeError(`frame ${n} is out of range`);
    return { bytes: all.subarray(start, start + frameBytes), transferSyntax: EXPLICIT_LITTLE_ENDIAN };
  }
  // Encapsulated: dcmjs gives one buffer per frame when it can tell frames apart.
  const frames = pixelData.length === instance.numberOfFrames ? pixelData : [Buffer.concat(pixelData.map((p) => Buffer.from(p)))];
  if (n > frames.length) throw new RangeError(`frame ${n} is out of range`);
  return { bytes: Buffer.from(frames[n - 1]), transferSyntax: instance.transferSyntax };
}

function sendMultipartFrames(res, parts) {
  const boundary = `boneseg-${randomBytes(12).toString('hex')}`;
  const chunks = [];
  for (const { bytes, transferSyntax } of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: application/octet-stream; transfer-syntax=${transferSyntax}\r\n` +
      `Content-Length: ${bytes.length}\r\n\r\n`));
    chunks.push(bytes, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  const body = Buffer.concat(chunks);
  res.writeHead(200, {
    'Content-Type': `multipart/related; type="application/octet-stream"; boundary=${boundary}`,
    'Content-Length': body.length,
  });
  res.end(body);
}

function instanceMetadata(instance) {
  return {
    ...toDicomJson(instance.dataset),
    '00083002': element('UI', UNCOMPRESSED_SYNTAXES.has(instance.transferSyntax) ? EXPLICIT_LITTLE_ENDIAN : instance.transferSyntax),
  };
}

export async function createEmbeddedDicomWeb(dir) {
  const { studies, skipped } = await indexDicomFolder(dir);

  const findStudy = (uid) => studies.get(uid);
  const findSeries = (studyUid, seriesUid) => findStudy(studyUid)?.series.get(seriesUid);

  /** @param {string} subpath path after the DICOMweb root, e.g. "/studies/1.2/series" */
  async function handle(req, res, subpath, searchParams) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'read-only DICOMweb server');
    const parts = subpath.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'studies') return sendError(res, 404, `unknown DICOMweb resource ${subpath}`);
    const [, studyUid, level2, seriesUid, level4, sopUid, level6, frameList] = parts;

    if (parts.length === 1) return sendJson(res, 200, filterStudies(studies, searchParams).map(studyJson));
    const study = findStudy(studyUid);
    if (!study) return sendError(res, 404, `study ${studyUid} not found`);
    if (parts.length === 2) return sendJson(res, 200, [studyJson(study)]);
    if (parts.length === 3 && level2 === 'series') {
      const modality = searchParams.get('Modality') ?? searchParams.get('00080060');
      const list = sortedSeries(study).filter((s) => !modality || firstString(s.dataset, '00080060') === modality);
      return sendJson(res, 200, list.map(seriesJson));
    }
    if (parts.length === 3 && level2 === 'metadata') {
      const all = sortedSeries(study).flatMap((s) => [...s.instances.values()].map(instanceMetadata));
      return sendJson(res, 200, all);
    }
    if (level2 !== 'series') return sendError(res, 404, `unknown DICOMweb resource ${subpath}`);
    const series = findSeries(studyUid, seriesUid);
    if (!series) return sendError(res, 404, `series ${seriesUid} not found`);
    if (parts.length === 5 && level4 === 'metadata') {
      return sendJson(res, 200, [...series.instances.values()].map(instanceMetadata));
    }
    if (parts.length === 5 && level4 === 'instances') {
      return sendJson(res, 200, [...series.instances.values()].map(instanceJson));
    }
    const instance = level4 === 'instances' ? series.instances.get(sopUid) : undefined;
    if (!instance) return sendError(res, 404, `instance ${sopUid} not found`);
    if (parts.length === 7 && level6 === 'metadata') return sendJson(res, 200, [instanceMetadata(instance)]);
    if (parts.length === 8 && level6 === 'frames') {
      const numbers = frameList.split(',').map(Number);
      if (numbers.some((n) => !Number.isInteger(n) || n < 1)) return sendError(res, 400, `bad frame list ${frameList}`);
      try {
        return sendMultipartFrames(res, await Promise.all(numbers.map((n) => readFrame(instance, n))));
      } catch (error) {
        return sendError(res, error instanceof RangeError ? 404 : 500, error.message);
      }
    }
    return sendError(res, 404, `unknown DICOMweb resource ${subpath}`);
  }

  /** The study to open by default: the synthetic sample if there is one, else the first study. */
  function defaultStudyUid() {
    const all = [...studies.values()];
    const synthetic = all.find((s) => /SYNTHETIC/i.test(firstString(s.dataset, '00100010')));
    return (synthetic ?? all[0])?.uid ?? null;
  }

  return { handle, studies, skipped, defaultStudyUid };
}
