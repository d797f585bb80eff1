// Regenerates docs/screenshot-segment-bones.png: serves the viewer with the sample study, opens it in bone-planning
// in headless Chromium, clicks "Segment bones", centres every MPR viewport on the first bone, and captures the page.
// It prints, per viewport, which segmentation representations it holds, the colour each bone has there, and how
// many coloured pixels the canvas shows: the overlay must be on every MPR viewport, in the label table's colours.
//   npx tsx scripts/capture-overlay.ts [--out docs/screenshot-segment-bones.png] [--chromium /usr/bin/chromium]
// Prerequisites: npm start has run once (OHIF dist, bundles and .cache/sample-study exist).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../cli/browser/chromium';
import { overlayReport } from '../test/e2e/fixtures/overlay-report';

const ROOT = path.resolve(__dirname, '..');

const { values } = parseArgs({ options: { out: { type: 'string' }, chromium: { type: 'string' } } });
const out = path.resolve(values.out ?? path.join(ROOT, 'docs', 'screenshot-segment-bones.png'));

async function main(): Promise<void> {
  const { startViewerServer } = await import(pathToFileURL(path.join(ROOT, 'viewer', 'server.mjs')).href);
  const server = await startViewerServer({ port: 0, dicomDir: path.join(ROOT, '.cache', 'sample-study') });
  const browser = await chromium.launch({ executablePath: values.chromium ?? CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const started = Date.now();
  const log = (message: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${message}`);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') log(`console.${m.type()}: ${m.text().slice(0, 300)}`);
    });
    await page.addInitScript(() => sessionStorage.setItem('investigationalUseDialog', 'hidden'));
    await page.goto(server.bonePlanningUrl, { waitUntil: 'load' });
    await page.waitForSelector('[data-cy="SegmentBones"]', { timeout: 240_000 });
    await page.waitForFunction(() => document.querySelectorAll('canvas.cornerstone-canvas').length >= 4, null, { timeout: 240_000 });
    await page.waitForTimeout(10_000);
    log('viewer ready; clicking Segment bones');
    await page.evaluate(() => {
      const w = window as unknown as { __outcome?: unknown };
      window.addEventListener('bone-segmentation:finished', (e) => (w.__outcome = (e as CustomEvent).detail), { once: true });
      const el = document.querySelector('[data-cy="SegmentBones"]') as HTMLElement;
      ((el.querySelector('button') as HTMLElement | null) ?? el).click();
    });
    await page.waitForFunction(() => (window as unknown as { __outcome?: unknown }).__outcome, null, { timeout: 600_000, polling: 500 });
    const outcome = await page.evaluate(() => (window as unknown as { __outcome: { status: string; segmentationId?: string; segments?: Array<{ segmentIndex: number; label: string }> } }).__outcome);
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
      if (report.every((v) => v.type === 'volume3d' || v.colouredPixels > 20)) break;
    }
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
