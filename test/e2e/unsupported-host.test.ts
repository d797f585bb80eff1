// An OHIF host whose Cornerstone is outside the supported range: the plugin must say so once, clearly, stay inert,
// and the viewer must keep working. The host is made "unsupported" by an init script that makes the page's
// Cornerstone report version 4.0.0; everything else is the real stock viewer.
import { startE2eEnvironment, type E2eEnvironment } from './fixtures/environment';
import { runOhifCommand, studyListRow } from './fixtures/viewer-page';

/** Runs in the page before OHIF: wrap whatever OHIF publishes as window.cornerstone so its version reads 4.0.0. */
function reportOldCornerstone(): void {
  let wrapped: unknown;
  Object.defineProperty(window, 'cornerstone', {
    configurable: true,
    get: () => wrapped,
    set: (library: object) => {
      wrapped = new Proxy(library, {
        get: (target, key) => (key === 'version' ? '4.0.0' : Reflect.get(target, key)),
      });
    },
  });
}

describe('on an unsupported host the plugin stands down with one clear message', () => {
  let env: E2eEnvironment;

  beforeAll(async () => {
    env = await startE2eEnvironment('unsupported-host');
    await env.browser.page.addInitScript(reportOldCornerstone);
  }, 5 * 60 * 1000);

  afterAll(async () => {
    await env?.teardown();
  });

  it('shows the message, reports itself inactive, and the study list still works', async () => {
    const { page } = env.browser;
    await page.goto(env.viewer.url, { waitUntil: 'domcontentloaded', timeout: 120_000 });

    const message = page.getByText(/Bone segmentation is disabled: this viewer is not supported/);
    await message.first().waitFor({ state: 'visible', timeout: 180_000 });
    expect(await message.count()).toBe(1);
    expect(await message.first().innerText()).toMatch(/Cornerstone core 4\.0\.0/);

    // The host keeps working: the worklist lists the PACS's studies.
    for (const study of [env.sampleStudy, env.abdomenStudy]) {
      await studyListRow(page, study.patientName).first().waitFor({ timeout: 180_000 });
    }
    await env.browser.screenshot('study-list-with-message');

    const status = await runOhifCommand<{ active: boolean; problems: string[] }>(page, 'getBoneSegmentationStatus');
    expect(status.active).toBe(false);
    expect(status.problems.join(' ')).toMatch(/Cornerstone core 4\.0\.0 is outside the supported range/);
    // The real Cornerstone underneath is untouched: the proxy only changes what the version reads.
    expect(await page.evaluate(() => typeof (window as unknown as { cornerstone: { getRenderingEngines: unknown } })
      .cornerstone.getRenderingEngines)).toBe('function');
  });
});
