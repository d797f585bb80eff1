import { createHash } from 'node:crypto';

/**
 * A DICOM UID under the 2.25 root (ISO/IEC 9834-8: a 128-bit number, no registered prefix needed), derived from
 * `parts` so the same inputs always give the same UIDs: links to the sample study stay valid across rebuilds.
 */
export function deterministicUid(...parts: (string | number)[]): string {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  const value = BigInt(`0x${digest.subarray(0, 16).toString('hex')}`);
  return `2.25.${value.toString(10)}`;
}
