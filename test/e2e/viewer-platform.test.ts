// The viewer platform end to end: a real PACS (Orthanc), the project's viewer server (stock OHIF 3.13.2 + our two
// bundles loaded by URL), and Debian's Chromium. Asserts what a radiologist would see, measured, not the absence
// of errors.
import { startE2eEnvironment, type E2eEnvironment } from './fixtures/environment';
import { looksLikeRenderedImage } from './fixtures/pixel-statistics';
import {
  dismissInvestigationalUseBanner,
  listViewports,
  runOhifCommand,
  studyListRow,
  waitForRenderedViewports,
} from './fixtures/viewer-page';

const pluginBundlePaths = ['/plugins/bone-segmentation/extension.mjs', '/plugins/bone-planning/mode.mjs'];

describe('viewer platform: stock OHIF + our plugins in front of a real PACS', () => {
  let env: E2eEnvironment;

  beforeAll(async () => {
    env = await startE2eEnvironment('viewer-platform');
  }, 5 * 60 * 1000);

  afterAll(async () => {
    await env?.teardown();
  });

  it('the study list shows both studies from the PACS', async () => {
    const { page } = env.browser;
    await page.goto(env.viewer.url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    // OHIF 3.13's worklist is a plain table, one row per study.
    for (const study of [env.sampleStudy, env.abdomenStudy]) {
      await studyListRow(page, study.patientName).first().waitFor({ timeout: 180_000 });
    }
    await dismissInvestigationalUseBanner(page);
    await env.browser.screenshot('study-list');
    const allRows = await page.locator('table tbody tr').allInnerTexts();
    expect(allRows.filter((text) => /\bCT\b/.test(text))).toHaveLength(2);
    for (const study of [env.sampleStudy, env.abdomenStudy]) {
      const rows = await studyListRow(page, study.patientName).allInnerTexts();
      expect(rows).toHaveLength(1);
      // The row's instance count is what the PACS holds for that study.
      expect(rows[0]).toMatch(new RegExp(`\\b${study.instanceCount}\\b`));
    }
  });

  it('opens the sample study in bone-planning: MPR renders the CT, a 3D viewport, the SegmentBones button', async () => {
    const { page } = env.browser;
    await page.goto(env.bonePlanningUrl(env.sampleStudy.studyInstanceUid), {
      waitUntil: 'domcontentloaded',
      timeout: 120_000,
    });

    const started = Date.now();
    const button = page.locator('[data-cy="SegmentBones"]');
    await button.first().waitFor({ state: 'visible', timeout: 240_000 });
    expect(await button.count()).toBe(1);
    env.browser.note(`SegmentBones button visible after ${Date.now() - started} ms`);

    // The three MPR planes show the CT: a wide spread of grey levels in each viewport canvas.
    const mpr = await waitForRenderedViewports(page, 'orthographic', 3, 420_000);
    env.browser.note(`MPR viewports rendered after ${Date.now() - started} ms: ${JSON.stringify(mpr.map((v) => v.stats))}`);
    await dismissInvestigationalUseBanner(page);
    await env.browser.screenshot('bone-planning-sample');
    env.browser.note(`bone-planning screenshot saved after ${Date.now() - started} ms`);
    const report = mpr.map((v) => ({ id: v.id, normal: v.viewPlaneNormal, ...v.stats }));
    expect(report).toHaveLength(3);
    for (const viewport of mpr) {
      expect({ id: viewport.id, rendered: looksLikeRenderedImage(viewport.stats), stats: viewport.stats }).toEqual(
        expect.objectContaining({ rendered: true }),
      );
    }
    // Three different planes, not one plane three times.
    const normals = new Set(mpr.map((v) => JSON.stringify(v.viewPlaneNormal?.map((c) => Math.abs(Math.round(c))))));
    expect(normals.size).toBe(3);

    const viewports = await listViewports(page);
    const threeD = viewports.filter((v) => v.type === 'volume3d');
    expect(threeD).toHaveLength(1);
    expect(threeD[0].width).toBeGreaterThan(0);
    expect(threeD[0].height).toBeGreaterThan(0);
  });

  it('the plugin was loaded from our bundle URLs and is active on this host', async () => {
    for (const bundlePath of pluginBundlePaths) {
      const loads = env.browser.requests.filter((r) => new URL(r.url).pathname === bundlePath);
      expect({ bundlePath, statuses: loads.map((r) => r.status) }).toEqual({
        bundlePath,
        statuses: expect.arrayContaining([200]),
      });
    }
    const status = await runOhifCommand<{ id: string; active: boolean; problems: string[] }>(
      env.browser.page,
      'getBoneSegmentationStatus',
    );
    expect(status).toEqual(expect.objectContaining({ active: true, problems: [] }));
  });

  it('the page is cross-origin isolated (needed for multi-threaded wasm inference)', async () => {
    expect(await env.browser.page.evaluate(() => window.crossOriginIsolated)).toBe(true);
  });
});
