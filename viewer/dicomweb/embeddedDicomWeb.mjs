// A small DICOMweb server (QIDO-RS + WADO-RS + STOW-RS) over a folder of DICOM files: what `npm start` uses when no
// PACS is given. It implements the requests OHIF 3.13's dicomweb data source makes. The DICOM folder is only read;
// stored instances (a segmentation saved from the viewer) go to a separate store folder, indexed with the rest.
import { randomBytes } from 'node:crypto';
import { PIXEL_DATA, element, firstString, toDicomJson } from './dicomJson.mjs';
import { UNCOMPRESSED_SYNTAXES, expectedPixelBytes, indexDicomFolder, readDicomFile } from './folderIndex.mjs';
import { filterStudies, instanceJson, seriesJson, sortedSeries, studyJson } from './qido.mjs';
import { handleStow } from './stow.mjs';

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

/** More frames than this in one request is not a viewer asking: OHIF asks for one frame at a time. */
export const MAX_FRAMES_PER_REQUEST = 256;

/**
 * The requested frames, unique and in the order first asked. Returns a message instead when the list is not a
 * list of frame numbers, asks for a frame the instance lacks, or asks for too many.
 * @returns {{ frames: number[] } | { status: number, message: string }}
 */
export function parseFrameList(frameList, numberOfFrames) {
  const entries = frameList.split(',');
  if (entries.length > MAX_FRAMES_PER_REQUEST * 4) return { status: 400, message: `frame list too long (${entries.length} entries)` };
  const frames = [...new Set(entries.map((entry) => (/^\d{1,9}$/.test(entry) ? Number(entry) : NaN)))];
  if (frames.some((n) => !Number.isInteger(n) || n < 1)) return { status: 400, message: 'bad frame list' };
  if (frames.length > MAX_FRAMES_PER_REQUEST) return { status: 400, message: `at most ${MAX_FRAMES_PER_REQUEST} frames per request` };
  const missing = frames.find((n) => n > numberOfFrames);
  if (missing !== undefined) return { status: 404, message: `frame ${missing} is out of range (the instance has ${numberOfFrames})` };
  return { frames };
}

/** Reads the instance's file once and returns a frame reader over it, with the transfer syntax served. */
async function openFrames(instance) {
  const message = await readDicomFile(instance.file);
  const pixelData = message.dict[PIXEL_DATA]?.Value;
  if (!pixelData?.length) throw new Error('no pixel data');
  if (UNCOMPRESSED_SYNTAXES.has(instance.transferSyntax)) {
    const frameBytes = expectedPixelBytes(message.dict) / instance.numberOfFrames;
    const all = pixelData.length === 1 ? Buffer.from(pixelData[0]) : Buffer.concat(pixelData.map((part) => Buffer.from(part)));
    return {
      transferSyntax: EXPLICIT_LITTLE_ENDIAN,
      frame: (n) => {
        const start = (n - 1) * frameBytes;
        // The index refuses truncated files; a file changed on disk since then must not become zeros either.
        if (!(frameBytes > 0) || start + frameBytes > all.length) throw new RangeError(`frame ${n} is not in the file`);
        return all.subarray(start, start + frameBytes);
      },
    };
  }
  // Encapsulated: dcmjs gives one buffer per frame when it can tell frames apart.
  const frames = pixelData.length === instance.numberOfFrames ? pixelData : [Buffer.concat(pixelData.map((p) => Buffer.from(p)))];
  return {
    transferSyntax: instance.transferSyntax,
    frame: (n) => {
      if (n > frames.length) throw new RangeError(`frame ${n} is out of range`);
      return Buffer.from(frames[n - 1]);
    },
  };
}

/** Streams the frames as multipart/related, one part at a time, waiting while the client is slow to read. */
async function sendMultipartFrames(res, frames, source) {
  // Every frame is checked before the status line goes out, so a bad one is an error, never a cut-short 200.
  for (const n of frames) source.frame(n);
  const boundary = `boneseg-${randomBytes(12).toString('hex')}`;
  res.writeHead(200, { 'Content-Type': `multipart/related; type="application/octet-stream"; boundary=${boundary}` });
  for (const n of frames) {
    const bytes = source.frame(n);
    const head = `--${boundary}\r\nContent-Type: application/octet-stream; transfer-syntax=${source.transferSyntax}\r\n` +
      `Content-Length: ${bytes.length}\r\n\r\n`;
    res.write(head);
    res.write(bytes);
    if (!res.write('\r\n')) await new Promise((resolve) => { res.once('drain', resolve); res.once('close', resolve); });
    if (res.destroyed) return;
  }
  res.end(`--${boundary}--\r\n`);
}

function instanceMetadata(instance) {
  return {
    ...toDicomJson(instance.dataset),
    '00083002': element('UI', UNCOMPRESSED_SYNTAXES.has(instance.transferSyntax) ? EXPLICIT_LITTLE_ENDIAN : instance.transferSyntax),
  };
}

/** @param {{ storeDir?: string }} options storeDir: where STOW-RS writes (indexed too); without it, no STOW. */
export async function createEmbeddedDicomWeb(dir, { storeDir } = {}) {
  const { studies, skipped } = await indexDicomFolder(dir);
  if (storeDir) {
    const fromStore = await indexDicomFolder(storeDir, studies).catch(() => ({ skipped: [] }));
    skipped.push(...fromStore.skipped);
  }

  const findStudy = (uid) => studies.get(uid);
  const findSeries = (studyUid, seriesUid) => findStudy(studyUid)?.series.get(seriesUid);

  /** @param {string} subpath path after the DICOMweb root, e.g. "/studies/1.2/series" */
  async function handle(req, res, subpath, searchParams) {
    if (req.method === 'POST') {
      const postParts = subpath.split('/').filter(Boolean);
      if (!storeDir) return sendError(res, 405, 'this DICOMweb server is read-only');
      if (postParts[0] !== 'studies' || postParts.length > 2) return sendError(res, 404, `cannot store to ${subpath}`);
      const result = await handleStow(req, { storeDir, studies, studyUid: postParts[1] });
      if (result.failures?.length) console.warn(`STOW-RS: ${result.failures.length} instance(s) refused: ${[...new Set(result.failures)].join('; ')}`);
      return typeof result.body === 'string' ? sendError(res, result.status, result.body) : sendJson(res, result.status, result.body);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'method not allowed');
    let parts;
    try {
      parts = subpath.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      return sendError(res, 400, 'malformed %-escape in the path');
    }
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
      const request = parseFrameList(frameList, instance.numberOfFrames);
      if (!request.frames) return sendError(res, request.status, request.message);
      try {
        return await sendMultipartFrames(res, request.frames, await openFrames(instance));
      } catch (error) {
        if (res.headersSent) return res.destroy();
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
