/**
 * Decoders for the compressed pixel data CT archives commonly use: JPEG 2000 (OpenJPEG, wasm), JPEG Lossless
 * process 14 (jpeg-lossless-decoder-js) and RLE Lossless (implemented here: PackBits byte planes, DICOM PS3.5 G).
 * Each returns the frame's stored bytes, little-endian, rows * columns * bytesPerSample.
 */

export const UNCOMPRESSED = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.1.99', '1.2.840.10008.1.2.2']);
export const JPEG2000 = new Set(['1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.91']);
export const JPEG_LOSSLESS = new Set(['1.2.840.10008.1.2.4.57', '1.2.840.10008.1.2.4.70']);
export const RLE_LOSSLESS = '1.2.840.10008.1.2.5';

export function isSupportedTransferSyntax(ts: string): boolean {
  return UNCOMPRESSED.has(ts) || JPEG2000.has(ts) || JPEG_LOSSLESS.has(ts) || ts === RLE_LOSSLESS;
}

interface J2kDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean };
  getDecodedBuffer(): Uint8Array;
}

let openJpeg: Promise<{ J2KDecoder: new () => J2kDecoder }> | null = null;

export async function decodeJpeg2000(encoded: Uint8Array): Promise<{ bytes: Uint8Array; width: number; height: number; signed: boolean }> {
  if (!openJpeg) {
    openJpeg = import('@cornerstonejs/codec-openjpeg/decodewasmjs').then((m) => {
      const factory = ((m as { default?: unknown }).default ?? m) as (opts: object) => Promise<{ J2KDecoder: new () => J2kDecoder }>;
      // The codec prints progress to stdout; keep the CLI's output to its own lines.
      return factory({ print: () => undefined, printErr: () => undefined });
    });
  }
  const { J2KDecoder } = await openJpeg;
  const dec = new J2KDecoder();
  dec.getEncodedBuffer(encoded.length).set(encoded);
  dec.decode();
  const info = dec.getFrameInfo();
  return { bytes: dec.getDecodedBuffer().slice(), width: info.width, height: info.height, signed: info.isSigned };
}

export async function decodeJpegLossless(encoded: Uint8Array): Promise<Uint8Array> {
  const { Decoder } = (await import('jpeg-lossless-decoder-js')) as {
    Decoder: new () => { decompress(buffer: ArrayBuffer, offset?: number, length?: number): ArrayBuffer };
  };
  const copy = encoded.slice().buffer;
  const out = new Decoder().decompress(copy, 0, copy.byteLength);
  // Samples come back in host order, which is little-endian on every platform Node runs on, as the caller expects.
  return new Uint8Array(out);
}

/** RLE Lossless: a 64-byte header of segment offsets, one PackBits segment per byte plane, most significant first. */
export function decodeRle(encoded: Uint8Array, pixels: number, bytesPerSample: number): Uint8Array {
  const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  const segments = view.getUint32(0, true);
  if (segments !== bytesPerSample) throw new Error(`RLE frame has ${segments} segments for ${bytesPerSample}-byte samples`);
  const out = new Uint8Array(pixels * bytesPerSample);
  for (let s = 0; s < segments; s++) {
    const start = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? view.getUint32(8 + 4 * s, true) : encoded.byteLength;
    // Segment s holds byte (bytesPerSample - 1 - s) of each little-endian sample.
    const byteIndex = bytesPerSample - 1 - s;
    let o = 0;
    let p = start;
    while (p < end && o < pixels) {
      const n = (encoded[p++] << 24) >> 24; // signed header byte
      if (n >= 0) {
        for (let i = 0; i <= n && o < pixels; i++) out[o++ * bytesPerSample + byteIndex] = encoded[p++];
      } else if (n !== -128) {
        const v = encoded[p++];
        for (let i = 0; i < 1 - n && o < pixels; i++) out[o++ * bytesPerSample + byteIndex] = v;
      }
    }
  }
  return out;
}
