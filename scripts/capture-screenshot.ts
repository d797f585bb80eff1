// Regenerates the README screenshots: serves the viewer with the sample study, opens it in bone-planning in headless
// Chromium, waits until the CT is drawn, and captures the page.
//   npx tsx scripts/capture-screenshot.ts [--out docs/screenshot-bone-planning.png] [--chromium /usr/bin/chromium]
//   npx tsx scripts/capture-screenshot.ts --segment [--out docs/screenshot-segment-bones.png]
// With --segment it first clicks "Segment bones", centres every MPR viewport on the first bone (as the segment list
// does), and prints per viewport the representations, the colour of each bone there and the coloured pixels on the
// canvas: the overlay must be on every MPR viewport, in the label table's colours.
// Prerequisites: npm start has run once (OHIF dist, bundles and .cache/sample-study exist).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../cli/browser/chromium';
import { OVERLAY_MIN_COLOURED_PIXELS, overlayReport } from '../cli/browser/overlay-report';
import { readViewportPixels } from '../test/e2e/fixtures/viewer-page';

const ROOT = path.resolve(__dirname, '..');

const { values } = parseArgs({ options: { out: { type: 'string' }, chromium: { type: 'string' }, segment: { type: 'boolean' } } });
const defaultName = values.segment ? 'screenshot-segment-bones.png' : 'screenshot-bone-planning.png';
const out = path.resolve(values.out ?? path.join(ROOT, 'docs', defaultName));
const started = Date.now();
const log = (message: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${message}`);

interface Outcome {
  status: string;
  segmentationId?: string;
  segments?: Array<{ segmentIndex: number; label: string }>;
}

/** Clicks "Segment bones", waits for the run, centres the MPR viewports on the first bone, waits for the overlay. */
async function segmentAndShow(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __outcome?: unknown };
    window.addEventListener('bone-segmentation:finished', (e) => (w.__outcome = (e as CustomEvent).detail), { once: true });
    const el = document.querySelector('[data-cy="SegmentBones"]') as HTMLElement;
    ((el.querySelector('button') as HTMLElement | null) ?? el).click();
  });
  await page.waitForFunction(() => (window as unknown as { __outcome?: unknown }).__outcome, null, { timeout: 600_000, polling: 500 });
  const outcome = await page.evaluate(() => (window as unknown as { __outcome: Outcome }).__outcome);
  log(`outcome: ${outcome.status}, ${outcome.segments?.map((s) => s.label).join(', ')}`);
  if (outcome.status !== 'done' || !outcome.segmentationId || !outcome.segments?.length) throw new Error('the run did not finish');
  await page.evaluate(
    ([id, index]) => {
      const w = window as unknown as { services: any; cornerstone: any };
      for (const vp of w.cornerstone.getRenderingEngines()[0].getViewports()) {
        if (vp.type === 'orthographic') w.services.segmentationService.jumpToSegmentCenter(id, index, vp.id, 0.9, false);
      }
    },
    [outcome.segmentationId, outcome.segments[0].segmentIndex] as const,
  );
  for (let i = 0; i < 12; i++) {
    await page.waitForTimeout(10_000);
    const report = await overlayReport(page, outcome.segmentationId);
    log(JSON.stringify(report));
    if (report.every((v) => v.type === 'volume3d' || v.colouredPixels > OVERLAY_MIN_COLOURED_PIXELS)) return;
  }
  throw new Error('the overlay did not appear on every MPR viewport');
}

async function main(): Promise<void> {
  // The viewer platform is plain ES modules (they run before node_modules exists), loaded at run time.
  const { startViewerServer } = await import(pathToFileURL(path.join(ROOT, 'viewer', 'server.mjs')).href);
  const server = await startViewerServer({ port: 0, dicomDir: path.join(ROOT, '.cache', 'sample-study') });
  const browser = await chromium.launch({
    executablePath: values.chromium ?? CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    page.on('console', (m) => {
      if (m.type() === 'error') log(`console.error: ${m.text().slice(0, 300)}`);
    });
    // OHIF's "investigational use" banner would cover the viewports; accept it as a user would.
    await page.addInitScript(() => sessionStorage.setItem('investigationalUseDialog', 'hidden'));
    await page.goto(server.bonePlanningUrl, { waitUntil: 'load' });
    await page.waitForSelector('[data-cy="SegmentBones"]', { timeout: 240_000 });
    await page.waitForFunction(() => document.querySelectorAll('canvas.cornerstone-canvas').length >= 4, null, { timeout: 240_000 });
    // Volume loading and the 3D render settle after the first frames.
    await page.waitForTimeout(15_000);
    log(`crossOriginIsolated: ${await page.evaluate(() => crossOriginIsolated)}`);
    // A rendered CT is neither empty nor flat: mean, spread and grey levels drawn in each viewport.
    log(`viewport canvas stats: ${JSON.stringify((await readViewportPixels(page)).map((v) => ({ type: v.type, ...v.stats })))}`);
    if (values.segment) await segmentAndShow(page);
    await page.screenshot({ path: out, timeout: 180_000 });
    log(`wrote ${path.relative(process.cwd(), out)}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
