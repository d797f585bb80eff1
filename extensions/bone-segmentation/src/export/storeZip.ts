/**
 * A zip archive of files stored without compression (method 0). STL meshes barely compress and a surgeon's
 * download should not wait on deflate; every unzip tool and OS reads stored entries. No DOM or Node imports.
 */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ZipEntry {
  /** ASCII file name (our bone names are). */
  name: string;
  bytes: Uint8Array;
}

/** @param date the entries' modification time (DOS format has 2 s resolution, years 1980-2107) */
export function storeZip(entries: ZipEntry[], date = new Date()): Uint8Array {
  const dosTime = (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2);
  const dosDate = ((Math.max(1980, date.getFullYear()) - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate();
  const names = entries.map((e) => Uint8Array.from(e.name, (ch) => ch.charCodeAt(0) & 0x7f));
  const localSize = entries.reduce((sum, e, i) => sum + 30 + names[i].length + e.bytes.length, 0);
  const centralSize = entries.reduce((sum, _e, i) => sum + 46 + names[i].length, 0);
  const out = new Uint8Array(localSize + centralSize + 22);
  const view = new DataView(out.buffer);
  const offsets: number[] = [];
  const crcs = entries.map((e) => crc32(e.bytes));
  let o = 0;
  entries.forEach((e, i) => {
    offsets.push(o);
    view.setUint32(o, 0x04034b50, true);
    view.setUint16(o + 4, 10, true); // version needed: 1.0
    view.setUint16(o + 6, 0, true);
    view.setUint16(o + 8, 0, true); // stored
    view.setUint16(o + 10, dosTime, true);
    view.setUint16(o + 12, dosDate, true);
    view.setUint32(o + 14, crcs[i], true);
    view.setUint32(o + 18, e.bytes.length, true);
    view.setUint32(o + 22, e.bytes.length, true);
    view.setUint16(o + 26, names[i].length, true);
    view.setUint16(o + 28, 0, true);
    out.set(names[i], o + 30);
    out.set(e.bytes, o + 30 + names[i].length);
    o += 30 + names[i].length + e.bytes.length;
  });
  const centralStart = o;
  entries.forEach((e, i) => {
    view.setUint32(o, 0x02014b50, true);
    view.setUint16(o + 4, 20, true);
    view.setUint16(o + 6, 10, true);
    view.setUint16(o + 8, 0, true);
    view.setUint16(o + 10, 0, true);
    view.setUint16(o + 12, dosTime, true);
    view.setUint16(o + 14, dosDate, true);
    view.setUint32(o + 16, crcs[i], true);
    view.setUint32(o + 20, e.bytes.length, true);
    view.setUint32(o + 24, e.bytes.length, true);
    view.setUint16(o + 28, names[i].length, true);
    view.setUint32(o + 42, offsets[i], true);
    out.set(names[i], o + 46);
    o += 46 + names[i].length;
  });
  view.setUint32(o, 0x06054b50, true);
  view.setUint16(o + 8, entries.length, true);
  view.setUint16(o + 10, entries.length, true);
  view.setUint32(o + 12, o - centralStart, true);
  view.setUint32(o + 16, centralStart, true);
  return out;
}

/** Reads back a stored-only zip (ours): names and bytes, with each CRC checked. For tests and tools. */
export function readStoreZip(zip: Uint8Array): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const entries: ZipEntry[] = [];
  let o = 0;
  while (o + 4 <= zip.length && view.getUint32(o, true) === 0x04034b50) {
    if (view.getUint16(o + 8, true) !== 0) throw new Error('compressed zip entries are not read here');
    const size = view.getUint32(o + 18, true);
    const nameLength = view.getUint16(o + 26, true);
    const extra = view.getUint16(o + 28, true);
    const name = String.fromCharCode(...zip.subarray(o + 30, o + 30 + nameLength));
    const start = o + 30 + nameLength + extra;
    const bytes = zip.slice(start, start + size);
    if (crc32(bytes) !== view.getUint32(o + 14, true)) throw new Error(`CRC mismatch in ${name}`);
    entries.push({ name, bytes });
    o = start + size;
  }
  return entries;
}
