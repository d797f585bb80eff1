import { createHash } from 'node:crypto';
import { ModelConfigError } from '../../../extensions/bone-segmentation/src/core/errors';
import { verifyModelBytes } from '../../../extensions/bone-segmentation/src/core/model-integrity';
import { sha256Hex } from '../../../extensions/bone-segmentation/src/core/sha256';

function bytesOf(length: number, seed = 7): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('sha256 in the core', () => {
  it('matches Node crypto at every padding boundary and on a megabyte', () => {
    for (const length of [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 1 << 20]) {
      const bytes = bytesOf(length, length + 1);
      expect([length, sha256Hex(bytes)]).toEqual([length, createHash('sha256').update(bytes).digest('hex')]);
    }
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('model integrity', () => {
  const model = bytesOf(5000);
  const config = { onnx: 'bone-coarse.onnx', sha256: createHash('sha256').update(model).digest('hex') };

  it('accepts the network file model.json describes', () => {
    expect(() => verifyModelBytes(model, config)).not.toThrow();
  });

  it('refuses a corrupted (one byte) or substituted file with one clear message, and a config without a sha256', () => {
    const corrupted = model.slice();
    corrupted[1234] ^= 1;
    expect(() => verifyModelBytes(corrupted, config)).toThrow(ModelConfigError);
    expect(() => verifyModelBytes(corrupted, config)).toThrow(/does not match the sha256 in model.json \(corrupted or substituted\); nothing was segmented/);
    expect(() => verifyModelBytes(bytesOf(5000, 99), config)).toThrow(/does not match/);
    expect(() => verifyModelBytes(model, { onnx: 'x.onnx' })).toThrow(/no sha256/);
  });
});
