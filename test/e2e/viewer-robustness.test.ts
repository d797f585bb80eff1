// A radiologist's day in one tab, and the failures it must survive: ten segmentations in a row without the
// buffers piling up (JS heap and Cornerstone cache asserted, figures printed), and a worker or a model request lost mid-run, each giving one message and leaving the earlier
// segmentation exactly as it was. Heap figures go to test-artifacts/e2e/viewer-robustness-notes.txt.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';

import { startE2eEnvironment, type E2eEnvironment } from './fixtures/environment';
import { repoRoot } from './fixtures/paths';
import {
  clickSegmentBones,
  listenForOutcomes,
  nthOutcome,
  outcomeCount,
  segmentations,
  toastTexts,
} from './fixtures/segmentation-page';
import { dismissInvestigationalUseBanner, waitForRenderedViewports } from './fixtures/viewer-page';
import { liveHeap, type LiveHeap } from './fixtures/heap-snapshot';
import { waitFor } from './fixtures/wait-for';

const RUNS = 10;

interface MemoryFigures {
  /** V8 heap of the page after a full GC (bytes). */
  jsHeap: number;
  /** The page's whole memory (JS heaps of page and workers, array buffers, DOM), from measureUserAgentSpecificMemory. */
  total: number | null;
  /** Bytes Cornerstone's cache holds (CT images, labelmap images, volumes). */
  cornerstoneCache: number;
}

async function memory(page: Page, cdp: CDPSession): Promise<MemoryFigures> {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  const total = await page
    .evaluate(async () => {
      const perf = performance as unknown as { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> };
      if (!perf.measureUserAgentSpecificMemory || !crossOriginIsolated) return null;
      return (await perf.measureUserAgentSpecificMemory()).bytes;
    })
    .catch(() => null);
  const cornerstoneCache = await page.evaluate(() => (window as unknown as { cornerstone: { cache: { getCacheSize(): number } } }).cornerstone.cache.getCacheSize());
  return { jsHeap: usedSize, total, cornerstoneCache };
}

/** Our inference worker is the module worker started from the plugin folder. */
function segmentationWorkers(page: Page) {
  return page.workers().filter((w) => w.url().includes('/plugins/bone-segmentation/'));
}

describe('viewer robustness over a working day', () => {
  let env: E2eEnvironment;
  let page: Page;

  beforeAll(async () => {
    env = await startE2eEnvironment('viewer-robustness');
    page = env.browser.page;
    await page.goto(env.bonePlanningUrl(env.sampleStudy.studyInstanceUid), { waitUntil: 'domcontentloaded', timeout: 120_000 });
    await page.locator('[data-cy="SegmentBones"]').first().waitFor({ state: 'visible', timeout: 240_000 });
    await waitForRenderedViewports(page, 'orthographic', 3, 420_000);
    await dismissInvestigationalUseBanner(page);
    await listenForOutcomes(page);
  }, 15 * 60 * 1000);

  afterAll(async () => {
    await env?.teardown();
  });

  it(`${RUNS} segmentations in a row: workers end, and the JS heap and Cornerstone's cache after the last are within 10% of after the first`, async () => {
    const cdp = await page.context().newCDPSession(page);
    const figures: MemoryFigures[] = [];
    const snapshots: LiveHeap[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const seen = await outcomeCount(page);
      await clickSegmentBones(page);
      const outcome = await nthOutcome(page, seen + 1);
      expect(outcome.status).toBe('done');
      await waitFor('the inference worker to end', async () => (segmentationWorkers(page).length === 0 ? true : undefined), {
        timeoutMs: 30_000,
        intervalMs: 200,
      });
      // The radiologist moves on: the previous result is discarded, the newest kept (as when the next study opens).
      const previous = (await segmentations(page)).filter((s) => s.id !== outcome.segmentationId);
      await page.evaluate((ids) => {
        const { segmentationService } = (window as unknown as { services: { segmentationService: { remove(id: string): void } } }).services;
        for (const id of ids) segmentationService.remove(id);
      }, previous.map((s) => s.id));
      expect((await segmentations(page)).map((s) => s.id)).toEqual([outcome.segmentationId]);
      figures.push(await memory(page, cdp));
      if (run === 1 || run === RUNS) snapshots.push(await liveHeap(cdp));
      env.browser.note(`run ${run}: ${outcome.totalMs} ms, JS heap ${(figures.at(-1)!.jsHeap / 2 ** 20).toFixed(1)} MB, Cornerstone cache ${(figures.at(-1)!.cornerstoneCache / 2 ** 20).toFixed(1)} MB, whole page ${figures.at(-1)!.total === null ? 'n/a' : `${(figures.at(-1)!.total! / 2 ** 20).toFixed(1)} MB`}`);
    }
    const [first, last] = [figures[0], figures[RUNS - 1]];
    const settled = figures[3];
    expect(settled).toBeDefined();
    const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
    env.browser.note(`JS heap after run 1 / 4 / ${RUNS}: ${mb(first.jsHeap)} / ${mb(settled.jsHeap)} / ${mb(last.jsHeap)} MB (x${(last.jsHeap / first.jsHeap).toFixed(3)} vs run 1, x${(last.jsHeap / settled.jsHeap).toFixed(3)} vs run 4)`);
    env.browser.note(`Cornerstone cache after run 1 -> ${RUNS}: ${mb(first.cornerstoneCache)} -> ${mb(last.cornerstoneCache)} MB`);
    if (first.total !== null && last.total !== null) env.browser.note(`whole page after run 1 -> ${RUNS}: ${mb(first.total)} -> ${mb(last.total)} MB (x${(last.total / first.total).toFixed(3)})`);
    // The buffers: Cornerstone's cache holds the CT and the one segmentation kept, as after the first run (it grew by
    // one labelmap per run before the extension released removed segmentations).
    expect(last.cornerstoneCache / first.cornerstoneCache).toBeLessThan(1.1);
    // The heap itself, from heap snapshots after run 1 and run 10 (live objects and their buffers). It grew by a
    // labelmap's slices per run (usedSize x1.23-1.35 after ten runs) while Cornerstone kept the labelmap volume each
    // volume viewport built under a random id: snapshots of runs 2 and 7 showed 131 VoxelManagers (one per pelvis
    // slice) retained per run through cache._volumeCache. Released with the segmentation since 2026-12-08.
    const [heapFirst, heapLast] = snapshots;
    env.browser.note(`live heap (snapshot) after run 1 -> ${RUNS}: ${mb(heapFirst.totalBytes)} -> ${mb(heapLast.totalBytes)} MB (x${(heapLast.totalBytes / heapFirst.totalBytes).toFixed(3)}), of which array buffers ${mb(heapFirst.arrayBufferBytes)} -> ${mb(heapLast.arrayBufferBytes)} MB`);
    expect(heapLast.totalBytes / heapFirst.totalBytes).toBeLessThan(1.1);
  }, 60 * 60 * 1000);

  it('a worker closed mid-run gives one message and leaves the earlier segmentation untouched', async () => {
    const before = await segmentations(page);
    expect(before).toHaveLength(1);
    const seen = await outcomeCount(page);
    await clickSegmentBones(page);
    const worker = await waitFor('the inference worker', async () => segmentationWorkers(page)[0], { timeoutMs: 60_000, intervalMs: 50 });
    // Let it get into its work, then end it from inside, as a crash would: no error event reaches the page.
    await waitFor('the run to be under way', async () => ((await toastTexts(page)).some((t) => /Segmenting bones[\s\S]*\d+%/.test(t)) ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 100,
    });
    await worker.evaluate(() => (self as unknown as { close(): void }).close()).catch(() => undefined);
    const outcome = await nthOutcome(page, seen + 1, 120_000);
    expect(outcome.status).toBe('failed');
    const messages = (await toastTexts(page)).filter((t) => /stopped unexpectedly/.test(t));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/Nothing was changed/);
    expect(await segmentations(page)).toEqual(before);
  }, 10 * 60 * 1000);

  it('a model file that cannot be fetched gives one message and leaves the earlier segmentation untouched', async () => {
    const before = await segmentations(page);
    const modelDir = path.join(repoRoot, 'dist', 'plugins', 'bone-segmentation');
    const onnx = (await fs.readdir(modelDir)).find((f) => f.endsWith('.onnx'))!;
    // The network file leaves the server (404) and the browser's copy in the Cache API goes too.
    await page.evaluate(() => caches.keys().then((keys) => Promise.all(keys.map((k) => caches.delete(k)))));
    await fs.rename(path.join(modelDir, onnx), path.join(modelDir, `${onnx}.away`));
    try {
      const seen = await outcomeCount(page);
      await clickSegmentBones(page);
      const outcome = await nthOutcome(page, seen + 1, 120_000);
      expect(outcome.status).toBe('failed');
      const messages = (await toastTexts(page)).filter((t) => /bone model could not be loaded/.test(t));
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(/nothing was segmented/);
      expect(await segmentations(page)).toEqual(before);
    } finally {
      await fs.rename(path.join(modelDir, `${onnx}.away`), path.join(modelDir, onnx));
    }
  }, 10 * 60 * 1000);
});
