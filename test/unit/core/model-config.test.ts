import { ModelConfigError } from '../../../extensions/bone-segmentation/src/core/errors';
import { parseModelConfig } from '../../../extensions/bone-segmentation/src/core/model-config';

const classes = ['background', 'femur', 'tibia', 'fibula', 'patella', 'hip', 'sacrum'];

describe('model.json', () => {
  it("reads the training code's spelling", () => {
    const c = parseModelConfig({
      onnx: 'bone-coarse.onnx',
      sha256: 'AB'.repeat(32),
      spacingMm: [3, 3, 3],
      classes,
      normalisation: { clipLo: -1024, clipHi: 2048, center: 200, scale: 600 },
      padValueHu: -1024,
      sizeMultiple: 16,
    });
    expect(c.spacing).toEqual([3, 3, 3]);
    expect(c.normalization).toEqual({ clip: [-1024, 2048], center: 200, scale: 600 });
    expect(c.padValueHu).toBe(-1024);
    expect(c.maxInputShape.every((m) => m % 16 === 0)).toBe(true);
  });

  it('refuses unknown classes, a missing normalisation and a bad size multiple with a clear message', () => {
    const base = { sha256: '0'.repeat(64), spacing: 3, classes, normalization: { clip: [-1000, 2000], center: 0, scale: 1000 } };
    expect(parseModelConfig(base).spacing).toEqual([3, 3, 3]);
    expect(() => parseModelConfig({ ...base, classes: ['background', 'skull'] })).toThrow(/skull/);
    expect(() => parseModelConfig({ ...base, normalization: undefined })).toThrow(ModelConfigError);
    expect(() => parseModelConfig({ ...base, sizeMultiple: 0 })).toThrow(/sizeMultiple/);
  });

  it('requires the sha256 of the network file and a plain .onnx file name beside model.json', () => {
    const base = { sha256: 'ab'.repeat(32), spacing: 3, classes, normalization: { clip: [-1000, 2000], center: 0, scale: 1000 } };
    expect(parseModelConfig(base).sha256).toBe('ab'.repeat(32));
    expect(() => parseModelConfig({ ...base, sha256: undefined })).toThrow(/sha256/);
    expect(() => parseModelConfig({ ...base, sha256: 'abc' })).toThrow(/sha256/);
    for (const onnx of ['../../etc/passwd.onnx', '/abs/model.onnx', 'https://evil.example/m.onnx', 'model.bin']) {
      expect(() => parseModelConfig({ ...base, onnx })).toThrow(/file name/);
    }
  });
});
