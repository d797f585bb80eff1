// Indexes a folder of DICOM Part 10 files into studies -> series -> instances, reading only the headers.
import fs from 'node:fs/promises';
import path from 'node:path';
import dcmjs from 'dcmjs';
import { firstString } from './dicomJson.mjs';

const { DicomMessage } = dcmjs.data;

export const UNCOMPRESSED_SYNTAXES = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);

async function* walk(dir) {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

function arrayBufferOf(buffer) {
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
}

/** Parses a whole Part 10 file (header and pixel data). */
export async function readDicomFile(file) {
  return DicomMessage.readFile(arrayBufferOf(await fs.readFile(file)));
}

/** Prefix sizes tried in turn: a CT header fits the first; 16 MiB bounds what a hostile file can make us read. */
const HEADER_PREFIX_BYTES = [64 * 1024, 1024 * 1024, 16 * 1024 * 1024];
const PIXEL_DATA_TAG = Buffer.from([0xe0, 0x7f, 0x10, 0x00]);
const UNDEFINED_LENGTH = 0xffffffff;

async function readPrefix(handle, length) {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, 0);
  return buffer.subarray(0, bytesRead);
}

/**
 * The top-level Pixel Data element's value offset and declared length, or null. It is the last (7FE0,0010) in the
 * header prefix with a well-formed element header: icon images inside sequences come earlier.
 */
function findPixelData(prefix, explicitVr) {
  let found = null;
  for (let at = prefix.indexOf(PIXEL_DATA_TAG, 132); at >= 0; at = prefix.indexOf(PIXEL_DATA_TAG, at + 1)) {
    if (explicitVr) {
      const vr = prefix.toString('latin1', at + 4, at + 6);
      if ((vr === 'OB' || vr === 'OW') && at + 12 <= prefix.length && prefix.readUInt16LE(at + 6) === 0) {
        found = { valueOffset: at + 12, length: prefix.readUInt32LE(at + 8) };
      }
    } else if (at + 8 <= prefix.length) {
      found = { valueOffset: at + 8, length: prefix.readUInt32LE(at + 4) };
    }
  }
  return found;
}

/** Bytes of uncompressed pixel data the header promises (all frames), or null when the header does not say. */
export function expectedPixelBytes(dataset) {
  const rows = Number(firstString(dataset, '00280010'));
  const columns = Number(firstString(dataset, '00280011'));
  const samples = Number(firstString(dataset, '00280002')) || 1;
  const bits = Number(firstString(dataset, '00280100'));
  const frames = Number(firstString(dataset, '00280008')) || 1;
  if (!(rows > 0 && columns > 0 && bits > 0)) return null;
  return Math.ceil((rows * columns * samples * bits) / 8) * frames;
}

/**
 * Reads a Part 10 file's header only (never the pixel data), and checks that uncompressed pixel data is all there.
 * @returns {Promise<{ message: object } | { notDicom: true } | { reason: string }>}
 */
export async function readDicomHeader(file) {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    // Part 10 files carry "DICM" after a 128-byte preamble; anything else (notes, JSON) is not ours to serve.
    const magic = await readPrefix(handle, 132);
    if (magic.length < 132 || magic.toString('latin1', 128, 132) !== 'DICM') return { notDicom: true };
    let lastError = null;
    for (const step of HEADER_PREFIX_BYTES) {
      const prefix = await readPrefix(handle, Math.min(step, size));
      let message = null;
      try {
        message = DicomMessage.readFile(arrayBufferOf(prefix), { untilTag: '7FE00010', includeUntilTagValue: false });
      } catch (error) {
        lastError = error;
      }
      const whole = prefix.length === size;
      if (message && (message.dict['7FE00010'] || whole)) {
        const syntax = firstString(message.meta, '00020010') || '1.2.840.10008.1.2';
        if (message.dict['7FE00010'] && UNCOMPRESSED_SYNTAXES.has(syntax)) {
          const pixels = findPixelData(prefix, syntax !== '1.2.840.10008.1.2');
          const expected = expectedPixelBytes(message.dict);
          const present = pixels ? Math.min(size - pixels.valueOffset, pixels.length === UNDEFINED_LENGTH ? Infinity : pixels.length) : 0;
          if (expected !== null && present < expected) {
            return { reason: `pixel data truncated (${present} of ${expected} bytes)` };
          }
        }
        return { message };
      }
      if (whole) break;
    }
    if (size > HEADER_PREFIX_BYTES.at(-1) && !lastError) return { reason: 'DICOM header larger than 16 MiB' };
    return { reason: `not readable as DICOM (${lastError?.message ?? 'incomplete header'})` };
  } finally {
    await handle.close();
  }
}

/**
 * Reads one file's header into the index. Returns null when added, 'not DICOM' for other files, or the reason it
 * was skipped.
 */
export async function addFileToIndex(studies, file) {
  let header;
  try {
    header = await readDicomHeader(file);
  } catch (error) {
    return `not readable (${error.code ?? error.message})`;
  }
  if (header.notDicom) return 'not DICOM';
  if (header.reason) return header.reason;
  const { message } = header;
  const dataset = message.dict;
  const studyUid = firstString(dataset, '0020000D');
  const seriesUid = firstString(dataset, '0020000E');
  const sopUid = firstString(dataset, '00080018');
  if (!studyUid || !seriesUid || !sopUid) return 'empty Study/Series/SOP Instance UID';
  let study = studies.get(studyUid);
  if (!study) {
    study = { uid: studyUid, dataset, series: new Map() };
    studies.set(studyUid, study);
  }
  let series = study.series.get(seriesUid);
  if (!series) {
    series = { uid: seriesUid, dataset, instances: new Map() };
    study.series.set(seriesUid, series);
  }
  series.instances.set(sopUid, {
    uid: sopUid,
    file,
    dataset,
    transferSyntax: firstString(message.meta, '00020010') || '1.2.840.10008.1.2',
    numberOfFrames: Number(firstString(dataset, '00280008')) || 1,
  });
  return null;
}

/**
 * @param {string[]} dirs folders to index (a missing extra folder, such as an empty store, is fine)
 * @returns {{ studies: Map<string, object>, skipped: { file: string, reason: string }[] }}
 * A file without Study/Series/SOP Instance UIDs cannot be addressed over DICOMweb; it is skipped and reported,
 * never given made-up UIDs.
 */
export async function indexDicomFolder(dir, studies = new Map()) {
  const skipped = [];
  for await (const file of walk(dir)) {
    const reason = await addFileToIndex(studies, file);
    if (reason && reason !== 'not DICOM') skipped.push({ file, reason });
  }
  return { studies, skipped };
}
