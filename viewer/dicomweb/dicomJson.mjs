// dcmjs datasets are already in the DICOM JSON model ({ tag: { vr, Value } }); only binary values differ
// (ArrayBuffers), which DICOMweb carries as base64 InlineBinary.

const BINARY_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);
/** Larger binary values (pixel data, private blobs) are not metadata; frames are served separately. */
const MAX_INLINE_BINARY = 64 * 1024;
export const PIXEL_DATA = '7FE00010';

function toBase64(value) {
  if (value instanceof ArrayBuffer) return Buffer.from(value).toString('base64');
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  return null;
}

function binaryLength(values) {
  return values.reduce((sum, v) => sum + (v?.byteLength ?? 0), 0);
}

/** One dcmjs element -> one DICOM JSON element, or null to leave it out. */
function convertElement(element) {
  const { vr } = element;
  const values = element.Value;
  if (BINARY_VRS.has(vr)) {
    if (!Array.isArray(values) || values.length === 0) return { vr };
    if (binaryLength(values) > MAX_INLINE_BINARY) return null;
    const base64 = values.length === 1 ? toBase64(values[0]) : toBase64(Buffer.concat(values.map((v) => Buffer.from(v))));
    return base64 === null ? null : { vr, InlineBinary: base64 };
  }
  if (vr === 'SQ') {
    return { vr, Value: (values ?? []).map((item) => toDicomJson(item)) };
  }
  if (!Array.isArray(values) || values.length === 0) return { vr };
  // DICOM JSON forbids empty strings inside Value; null is the standard placeholder.
  return { vr, Value: values.map((v) => (v === '' || v === undefined ? null : v)) };
}

export function toDicomJson(dataset, { omit = [PIXEL_DATA] } = {}) {
  const result = {};
  for (const [tag, element] of Object.entries(dataset)) {
    const upper = tag.toUpperCase();
    if (omit.includes(upper) || !element) continue;
    const converted = convertElement(element);
    if (converted) result[upper] = converted;
  }
  return result;
}

/** First value of an element as a string ('' when absent); PN values become their Alphabetic form. */
export function firstString(dataset, tag) {
  const value = dataset?.[tag]?.Value?.[0];
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return String(value.Alphabetic ?? '');
  return String(value);
}

export function element(vr, value) {
  if (value === undefined || value === null || value === '') return { vr };
  return { vr, Value: Array.isArray(value) ? value : [value] };
}
