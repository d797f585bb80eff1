// STOW-RS for the embedded DICOMweb server: POST /studies[/{uid}] with multipart/related; type="application/dicom".
// What OHIF's "store" sends (a DICOM SEG, an SR). Each part must be a DICOM Part 10 file; it is written into the store
// folder under its SOP Instance UID and indexed, so the study shows it at once (and after a restart). The body is
// bounded, and nothing outside the store folder is ever written.
import fs from 'node:fs/promises';
import path from 'node:path';
import { firstString } from './dicomJson.mjs';
import { addFileToIndex, readDicomHeader } from './folderIndex.mjs';

/** A SEG of 512 x 512 x 2000 x 11 bones (binary, 1 bit per voxel) is 720 MB; more is not a viewer storing. */
export const MAX_STOW_BYTES = 1024 * 1024 * 1024;
const UID = /^[0-9]+(\.[0-9]+)*$/;

function boundaryOf(contentType) {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return match ? match[1] ?? match[2] : null;
}

/** Splits a multipart body into part bodies (headers dropped). */
export function multipartBodies(body, boundary) {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts = [];
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const afterDelimiter = at + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
    const headerEnd = body.indexOf('\r\n\r\n', afterDelimiter);
    if (headerEnd < 0) break;
    const next = body.indexOf(delimiter, headerEnd + 4);
    if (next < 0) break;
    // The part ends with CRLF before the next delimiter.
    const end = body[next - 2] === 0x0d && body[next - 1] === 0x0a ? next - 2 : next;
    parts.push(body.subarray(headerEnd + 4, end));
    at = next;
  }
  return parts;
}

function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) {
        reject(Object.assign(new Error(`the upload is larger than ${limit / 2 ** 20} MB`), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

/**
 * @returns {Promise<{ status: number, body: object | string }>} 200 with the PS3.18 response (ReferencedSOPSequence),
 * 4xx with a reason.
 */
export async function handleStow(req, { storeDir, studies, studyUid }) {
  const contentType = req.headers['content-type'] ?? '';
  if (!/^multipart\/related/i.test(contentType)) return { status: 415, body: 'STOW-RS needs multipart/related; type="application/dicom"' };
  const boundary = boundaryOf(contentType);
  if (!boundary) return { status: 400, body: 'multipart/related without a boundary' };
  const declared = Number(req.headers['content-length']);
  if (declared > MAX_STOW_BYTES) return { status: 413, body: `the upload is larger than ${MAX_STOW_BYTES / 2 ** 20} MB` };
  let body;
  try {
    body = await readBody(req, MAX_STOW_BYTES);
  } catch (error) {
    return { status: error.status ?? 400, body: error.message };
  }
  const parts = multipartBodies(body, boundary);
  if (parts.length === 0) return { status: 400, body: 'no parts in the upload' };
  await fs.mkdir(storeDir, { recursive: true });
  const stored = [];
  const failed = [];
  for (const part of parts) {
    if (part.length < 132 || part.toString('latin1', 128, 132) !== 'DICM') {
      failed.push({ reason: 'not a DICOM Part 10 file' });
      continue;
    }
    // Written under a temporary name first, then renamed to its SOP Instance UID once the header reads.
    const temporary = path.join(storeDir, `.upload-${process.pid}-${Date.now()}-${stored.length + failed.length}.dcm`);
    await fs.writeFile(temporary, part);
    const header = await readDicomHeader(temporary).catch((error) => ({ reason: error.message }));
    const dataset = header.message?.dict;
    const sop = firstString(dataset, '00080018');
    const sopClass = firstString(dataset, '00080016');
    const partStudy = firstString(dataset, '0020000D');
    const reason = header.reason ?? (!UID.test(sop) || !UID.test(partStudy) ? 'missing or invalid UIDs' : studyUid && partStudy !== studyUid ? `belongs to study ${partStudy}, not ${studyUid}` : null);
    if (reason) {
      await fs.rm(temporary, { force: true });
      failed.push({ sop, sopClass, reason });
      continue;
    }
    const file = path.join(storeDir, `${sop}.dcm`);
    await fs.rename(temporary, file);
    const indexReason = await addFileToIndex(studies, file);
    if (indexReason) failed.push({ sop, sopClass, reason: indexReason });
    else stored.push({ sop, sopClass });
  }
  const item = (s) => ({ '00081150': { vr: 'UI', Value: [s.sopClass] }, '00081155': { vr: 'UI', Value: [s.sop] } });
  const response = {
    ...(stored.length ? { '00081199': { vr: 'SQ', Value: stored.map(item) } } : {}),
    ...(failed.length ? { '00081198': { vr: 'SQ', Value: failed.map((f) => ({ ...(f.sop ? item(f) : {}), '00081197': { vr: 'US', Value: [0xc000] } })) } } : {}),
  };
  // PS3.18: 200 when all stored, 202 when some failed, 409 when none could be stored.
  return { status: failed.length === 0 ? 200 : stored.length ? 202 : 409, body: response, failures: failed.map((f) => f.reason) };
}
