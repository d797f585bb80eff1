import {
  looksLikeRenderedImage,
  lumaFromRgba,
  pixelStatistics,
} from '../../e2e/fixtures/pixel-statistics';

function rgbaFromLuma(luma: number[]): number[] {
  return luma.flatMap((v) => [v, v, v, 255]);
}

describe('pixel statistics used to decide that a viewport shows an image', () => {
  it('computes mean, standard deviation, non-black fraction and distinct levels', () => {
    const stats = pixelStatistics([0, 0, 100, 200]);
    expect(stats.count).toBe(4);
    expect(stats.mean).toBe(75);
    expect(stats.standardDeviation).toBeCloseTo(Math.sqrt((75 ** 2 * 2 + 25 ** 2 + 125 ** 2) / 4), 10);
    expect(stats.nonBlackFraction).toBe(0.5);
    expect(stats.distinctLevels).toBe(3);
  });

  it('converts RGBA to Rec. 601 luma', () => {
    expect(Array.from(lumaFromRgba([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 10, 10, 10, 0]))).toEqual([
      76, 150, 29, 10,
    ]);
  });

  it('rejects a black, a flat grey and a text-on-black canvas', () => {
    expect(looksLikeRenderedImage(pixelStatistics(new Array(10_000).fill(0)))).toBe(false);
    expect(looksLikeRenderedImage(pixelStatistics(new Array(10_000).fill(128)))).toBe(false);
    // 2% white "overlay text" on black: high contrast but only two levels and hardly any lit pixels.
    const text = Array.from({ length: 10_000 }, (_, i) => (i % 50 === 0 ? 255 : 0));
    expect(looksLikeRenderedImage(pixelStatistics(text))).toBe(false);
  });

  it('accepts a CT-like slice: dark air around a grey body with a bright bone ring and noise', () => {
    const size = 100;
    const luma: number[] = [];
    let seed = 12345;
    const noise = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return (seed / 2 ** 31 - 0.5) * 20;
    };
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const r = Math.hypot(x - 50, y - 50);
        const base = r < 10 ? 230 : r < 14 ? 250 : r < 40 ? 110 : 0;
        luma.push(Math.max(0, Math.min(255, Math.round(base + (base ? noise() : 0)))));
      }
    }
    const stats = pixelStatistics(lumaFromRgba(rgbaFromLuma(luma)));
    expect(looksLikeRenderedImage(stats)).toBe(true);
  });
});
