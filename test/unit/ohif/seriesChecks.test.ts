import { checkSeries, MAX_BROWSER_VOXELS, type SeriesFacts, type SliceFacts } from '../../../extensions/bone-segmentation/src/ohif/seriesChecks';

const AXIAL = [1, 0, 0, 0, 1, 0];

/** An axial stack: slice k at z = z0 + k * spacing, optionally shifted sideways per slice (gantry tilt). */
function stack(count: number, options: { spacing?: number; drop?: number[]; sidewaysPerSlice?: number; zs?: number[] } = {}): SliceFacts[] {
  const spacing = options.spacing ?? 2;
  const zs = options.zs ?? Array.from({ length: count }, (_, k) => k * spacing);
  return zs
    .map((z, k) => ({ position: [-100, -100 + k * (options.sidewaysPerSlice ?? 0), z], orientation: AXIAL }))
    .filter((_, k) => !options.drop?.includes(k))
    .reverse(); // order on the PACS is not the order in space
}

function ct(slices: SliceFacts[], extra: Partial<SeriesFacts> = {}): SeriesFacts {
  return { modality: 'CT', seriesDescription: 'Knee 1.0 B30f', imageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'], rows: 512, columns: 512, slices, ...extra };
}

describe('checkSeries', () => {
  it('accepts an evenly spaced axial CT', () => {
    expect(checkSeries(ct(stack(40)))).toEqual({ ok: true });
  });

  it('refuses a SEG or a report with a message that names it', () => {
    const seg = checkSeries(ct(stack(40), { modality: 'SEG' }));
    expect(seg).toMatchObject({ ok: false, problem: 'not-image' });
    expect(!seg.ok && seg.message).toMatch(/segmentation \(SEG\), not a CT image series/);
    expect(checkSeries(ct([], { modality: 'SR' }))).toMatchObject({ ok: false, problem: 'not-image' });
  });

  it('refuses MR', () => {
    const mr = checkSeries(ct(stack(40), { modality: 'MR' }));
    expect(mr).toMatchObject({ ok: false, problem: 'not-ct' });
    expect(!mr.ok && mr.message).toBe('Bone segmentation needs a CT series; the active viewport shows MR.');
  });

  it('refuses a scout by ImageType or by its description', () => {
    expect(checkSeries(ct(stack(40), { imageType: ['ORIGINAL', 'PRIMARY', 'LOCALIZER'] }))).toMatchObject({ ok: false, problem: 'scout' });
    expect(checkSeries(ct(stack(40), { seriesDescription: 'Topogram 0.6 T80f' }))).toMatchObject({ ok: false, problem: 'scout' });
  });

  it('refuses fewer than 10 slices', () => {
    const few = checkSeries(ct(stack(9)));
    expect(few).toMatchObject({ ok: false, problem: 'too-few-slices' });
    expect(!few.ok && few.message).toBe('The series has 9 slices; at least 10 are needed.');
    expect(checkSeries(ct(stack(10)))).toEqual({ ok: true });
  });

  it('refuses missing slices and uneven spacing with the core sentence', () => {
    const gap = checkSeries(ct(stack(40, { drop: [17, 18] })));
    expect(gap).toMatchObject({ ok: false, problem: 'missing-slices' });
    expect(!gap.ok && gap.message).toMatch(/missing slices \(a gap of 6\.00 mm where slices are 2\.00 mm apart\)/);
    const zs = Array.from({ length: 30 }, (_, k) => (k < 15 ? k * 2 : 28 + (k - 14) * 2.6));
    expect(checkSeries(ct(stack(30, { zs })))).toMatchObject({ ok: false, problem: 'uneven-spacing' });
  });

  it('refuses gantry tilt', () => {
    // 15 degrees: each 2 mm step along z also moves tan(15deg) * 2 mm along y.
    const tilted = checkSeries(ct(stack(40, { sidewaysPerSlice: Math.tan((15 * Math.PI) / 180) * 2 })));
    expect(tilted).toMatchObject({ ok: false, problem: 'gantry-tilt' });
    expect(!tilted.ok && tilted.message).toMatch(/gantry tilt/);
  });

  it('refuses a volume too large for the browser, naming the limit', () => {
    const slices = MAX_BROWSER_VOXELS / (512 * 512) + 1;
    const big = checkSeries(ct(stack(slices, { spacing: 0.5 })));
    expect(big).toMatchObject({ ok: false, problem: 'too-large' });
    expect(!big.ok && big.message).toContain('the limit is 1000 slices of 512 x 512');
  });

  it('refuses slices without positions or with mixed orientations', () => {
    const noPos = stack(20).map((s, k) => (k === 3 ? { orientation: s.orientation } : s));
    expect(checkSeries(ct(noPos))).toMatchObject({ ok: false, problem: 'missing-position' });
    const mixed = stack(20).map((s, k) => (k === 3 ? { ...s, orientation: [1, 0, 0, 0, 0, -1] } : s));
    expect(checkSeries(ct(mixed))).toMatchObject({ ok: false, problem: 'mixed-orientation' });
  });
});
