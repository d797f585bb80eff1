// Regenerates docs/screenshot-bone-planning.png: serves the viewer with the sample study, opens it in
// bone-planning in headless Chromium, waits until the CT is drawn, and captures the page.
//   npx tsx scripts/capture-screenshot.ts [--out docs/screenshot-bone-planning.png] [--chromium /usr/bin/chromium]
// Prerequisites: npm start has run once (OHIF dist, bundles and .cache/sample-study exist).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../cli/browser/chromium';

const ROOT = path.resolve(__dirname, '..');

const { values } = parseArgs({ options: { out: { type: 'string' }, chromium: { type: 'string' } } });
const out = path.resolve(values.out ?? path.join(ROOT, 'docs', 'screenshot-bone-planning.png'));

/** Mean and spread of the grey values drawn in a viewport canvas: a rendered CT is neither empty nor flat. */
async function canvasStats(page: Page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLCanvasElement>('canvas.cornerstone-canvas')).map((canvas) => {
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let sum = 0;
      let sumSq = 0;
      let lit = 0;
      const n = data.length / 4;
      for (let i = 0; i < data.length; i += 4) {
        const v = (data[i] + data[i + 1] + data[i + 2]) / 3;
        sum += v;
        sumSq += v * v;
        if (v > 10) lit++;
      }
      const mean = sum / n;
      return { mean: +mean.toFixed(1), std: +Math.sqrt(sumSq / n - mean * mean).toFixed(1), litFraction: +(lit / n).toFixed(3) };
    }),
  );
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
    // OHIF's "investigational use" banner would cover the viewports; accept it as a user would.
    await page.addInitScript(() => sessionStorage.setItem('investigationalUseDialog', 'hidden'));
    await page.goto(server.bonePlanningUrl, { waitUntil: 'load' });
    await page.waitForSelector('[data-cy="SegmentBones"]', { timeout: 120_000 });
    await page.waitForFunction(() => document.querySelectorAll('canvas.cornerstone-canvas').length >= 4, null, { timeout: 120_000 });
    // Volume loading and the 3D render settle after the first frames.
    await page.waitForTimeout(15_000);
    console.log('crossOriginIsolated:', await page.evaluate(() => crossOriginIsolated));
    console.log('viewport canvas stats:', JSON.stringify(await canvasStats(page)));
    await page.screenshot({ path: out, timeout: 180_000 });
    console.log(`wrote ${path.relative(process.cwd(), out)}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
