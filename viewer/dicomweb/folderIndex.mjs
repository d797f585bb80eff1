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

function readHeader(buffer) {
  return DicomMessage.readFile(arrayBufferOf(buffer), { untilTag: '7FE00010', includeUntilTagValue: false });
}

/**
 * @returns {{ studies: Map<string, object>, skipped: { file: string, reason: string }[] }}
 * A file without Study/Series/SOP Instance UIDs cannot be addressed over DICOMweb; it is skipped and reported,
 * never given made-up UIDs.
 */
export async function indexDicomFolder(dir) {
  const studies = new Map();
  const skipped = [];
  for await (const file of walk(dir)) {
    const bytes = await fs.readFile(file);
    // Part 10 files carry "DICM" after a 128-byte preamble; anything else (notes, JSON) is not ours to serve.
    if (bytes.length < 132 || bytes.toString('latin1', 128, 132) !== 'DICM') continue;
    let message;
    try {
      message = readHeader(bytes);
    } catch (error) {
      skipped.push({ file, reason: `not readable as DICOM (${error.message})` });
      continue;
    }
    const dataset = message.dict;
    const studyUid = firstString(dataset, '0020000D');
    const seriesUid = firstString(dataset, '0020000E');
    const sopUid = firstString(dataset, '00080018');
    if (!studyUid || !seriesUid || !sopUid) {
      skipped.push({ file, reason: 'empty Study/Series/SOP Instance UID' });
      continue;
    }
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
  }
  return { studies, skipped };
}
