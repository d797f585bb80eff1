/**
 * How many bytes of uncompressed Pixel Data a Part 10 file really holds. dcmjs hands back a buffer of the declared
 * length even when the file ends early, so a slice cut short would read as zeros (a black band in the volume).
 * The top-level (7FE0,0010) is the last one with a well-formed element header: icon images in sequences come first.
 * (The viewer's embedded server does the same check in viewer/dicomweb/folderIndex.mjs.)
 */
const PIXEL_DATA_TAG = Buffer.from([0xe0, 0x7f, 0x10, 0x00]);
const UNDEFINED_LENGTH = 0xffffffff;

export function pixelDataBytesPresent(file: Buffer, explicitVr: boolean): number {
  let present = 0;
  for (let at = file.indexOf(PIXEL_DATA_TAG, 132); at >= 0; at = file.indexOf(PIXEL_DATA_TAG, at + 1)) {
    let valueOffset = -1;
    let length = 0;
    if (explicitVr) {
      const vr = file.toString('latin1', at + 4, at + 6);
      if ((vr === 'OB' || vr === 'OW') && at + 12 <= file.length && file.readUInt16LE(at + 6) === 0) {
        valueOffset = at + 12;
        length = file.readUInt32LE(at + 8);
      }
    } else if (at + 8 <= file.length) {
      valueOffset = at + 8;
      length = file.readUInt32LE(at + 4);
    }
    if (valueOffset >= 0) present = Math.min(file.length - valueOffset, length === UNDEFINED_LENGTH ? Infinity : length);
  }
  return present;
}
