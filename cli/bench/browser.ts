/**
 * The browser target: the real plugin in headless Chromium. The input (NIfTI, or a folder of DICOM files) is served
 * as a study by the project's viewer server, opened in bone-planning, and "Segment bones" is clicked. Reports the
 * plugin's own per-stage times, the browser's memory (sum of the RSS of all Chromium processes, sampled every
 * 100 ms, so the worker and its wasm heap are included) per stage, and the time from the click to the labelmap
 * being on screen (coloured pixels in an MPR viewport canvas).
 *   npm run bench -- --target browser --input <file.nii.gz | DICOM folder> [--out <bench.json>]
 */
import { readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../browser/chromium';
import { OVERLAY_MIN_COLOURED_PIXELS, overlayReport } from '../browser/overlay-report';
import { readNifti } from '../io/nifti';
import { ctSliceToPart10, type SeriesInfo, type StudyInfo } from '../../scripts/sample-study/ctToDicom';
import { deterministicUid } from '../../scripts/sample-study/uids';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(__dirname, '..', '..');

interface ViewerServer {
  bonePlanningUrl: string;
  close(): Promise<void>;
}

/** The viewer platform's plain ES modules (top-level await), loaded as ES modules at run time. */
async function viewerPlatform(): Promise<{
  startViewerServer: (options: { port: number; dicomDir: string }) => Promise<ViewerServer>;
  bootstrap: (options: object) => void;
}> {
  const server = await import(pathToFileURL(path.join(ROOT, 'viewer', 'server.mjs')).href);
  const boot = await import(pathToFileURL(path.join(ROOT, 'scripts', 'bootstrap.mjs')).href);
  return { startViewerServer: server.startViewerServer, bootstrap: boot.bootstrap };
}

export interface BrowserBenchOptions {
  input: string;
}


interface Outcome {
  status: string;
  message?: string;
  readMs?: number;
  writeMs?: number;
  segmentationId?: string;
  totalMs: number;
  segments?: Array<{ label: string; voxels: number }>;
  result?: { backend: string; wasmThreads: number; timings: Array<{ stage: string; ms: number }> };
}

/** A NIfTI becomes a one-series DICOM study in a temp folder; a DICOM folder is served as it is. */
async function studyFolder(input: string): Promise<{ dir: string; dims?: number[]; cleanup: () => Promise<void> }> {
  if ((await fs.stat(input)).isDirectory()) return { dir: input, cleanup: async () => undefined };
  const { volume } = await readNifti(input);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-browser-'));
  const key = `bench ${path.basename(input)}`;
  const study: StudyInfo = {
    studyInstanceUid: deterministicUid('bone-segmentation bench study', key),
    frameOfReferenceUid: deterministicUid('bone-segmentation bench frame of reference', key),
    patientName: 'SYNTHETIC^Bench',
    patientId: 'SYNTHETIC-BENCH',
    studyDescription: 'SYNTHETIC benchmark input',
    studyDate: '20240101',
    studyTime: '120000',
  };
  const series: SeriesInfo = {
    seriesInstanceUid: deterministicUid('bone-segmentation bench series', key),
    seriesNumber: 1,
    seriesDescription: `SYNTHETIC bench ${path.basename(input)}`,
    bodyPartExamined: 'LEG',
  };
  const seriesDir = path.join(dir, 'series-01');
  await fs.mkdir(seriesDir);
  for (let k = 0; k < volume.dims[2]; k++) {
    await fs.writeFile(path.join(seriesDir, `slice-${String(k + 1).padStart(4, '0')}.dcm`), ctSliceToPart10(volume, k, study, series));
  }
  return { dir, dims: volume.dims, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

/**
 * Sum of RSS (MB) of this benchmark's Chromium: every process whose command line names our private profile
 * folder, and their descendants (renderers, GPU and utility processes, the worker's wasm heap included). Linux /proc.
 */
function browserRssMb(profileDir: string): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  const roots: number[] = [];
  for (const entry of readdirSafe('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      rss.set(pid, (Number(fields[21]) * 4096) / 2 ** 20);
      const ppid = Number(fields[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(profileDir)) roots.push(pid);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  const seen = new Set<number>();
  const stack = [...roots];
  let total = 0;
  while (stack.length) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The active viewport's CT volume is fully loaded (so reading it measures our code, not the PACS). */
async function waitForVolume(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    () => {
      const w = window as unknown as { services?: any; cornerstone?: any };
      const grid = w.services?.viewportGridService;
      if (!grid) return false;
      const viewport = grid.getState().viewports.get(grid.getActiveViewportId());
      const uid = viewport?.displaySetInstanceUIDs?.[0];
      const volume = uid ? w.cornerstone.cache.getVolume(`cornerstoneStreamingImageVolume:${uid}`) : undefined;
      return Boolean(volume?.loadStatus?.loaded);
    },
    undefined,
    { timeout: timeoutMs, polling: 500 },
  );
}

/**
 * Every viewport of the layout (three MPR + 3D) has its actors and has been drawn: Cornerstone's rendering
 * engine has no frame pending (two animation frames later).
 */
async function waitForViewsDrawn(page: Page, timeoutMs: number): Promise<boolean> {
  return page
    .waitForFunction(
      () => {
        const cs = (window as unknown as { cornerstone?: any }).cornerstone;
        const viewports = (cs?.getRenderingEngines?.() ?? []).flatMap((e: any) => e.getViewports());
        return viewports.length >= 4 && viewports.every((v: any) => v.getActors().length > 0) && viewports.some((v: any) => v.type === 'volume3d');
      },
      undefined,
      { timeout: timeoutMs, polling: 100 },
    )
    .then(() => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true))))))
    .then(() => true)
    .catch(() => false);
}

/**
 * After "Segment bones": the time until the worker's surfaces are in the 3D view, then one "Update 3D" (the action
 * after an edit), each with the longest main-thread task while it ran.
 */
async function surfacesReport(page: Page, clickAt: number): Promise<object | null> {
  const waitSurfaces = (n: number): Promise<Record<string, number> | null> =>
    page
      .waitForFunction((k) => ((window as unknown as { __benchSurfaces: unknown[] }).__benchSurfaces.length >= k), n, { timeout: 600_000, polling: 100 })
      .then(() => page.evaluate((k) => (window as unknown as { __benchSurfaces: Array<Record<string, number>> }).__benchSurfaces[k - 1], n))
      .catch(() => null);
  const longestTask = (from: number, to: number): Promise<number> =>
    page.evaluate(
      ([a, b]) => Math.round(Math.max(0, ...(window as unknown as { __longTasks: Array<{ start: number; ms: number }> }).__longTasks.filter((t) => t.start >= a && t.start <= b).map((t) => t.ms))),
      [from, to] as const,
    );
  const first = await waitSurfaces(1);
  if (!first) return null;
  const firstShownAt = Date.now();
  const requestedAt = await page.evaluate(() => {
    const el = document.querySelector('[data-cy="UpdateBones3D"]') as HTMLElement;
    ((el.querySelector('button') as HTMLElement | null) ?? el).click();
    return performance.now();
  });
  const update = await waitSurfaces(2);
  return {
    clickToSurfacesOnScreenMs: firstShownAt - clickAt,
    bones: first.bones,
    triangles: first.triangles,
    firstBuild: { readMs: Math.round(first.readMs), workerMs: Math.round(first.meshMs), totalMs: Math.round(first.totalMs), longestMainThreadTaskMs: await longestTask(first.at - first.totalMs, first.at) },
    update3D: update
      ? { readMs: Math.round(update.readMs), workerMs: Math.round(update.meshMs), totalMs: Math.round(update.at - requestedAt), longestMainThreadTaskMs: await longestTask(requestedAt, update.at) }
      : null,
  };
}

export async function benchBrowser(opts: BrowserBenchOptions): Promise<object> {
  const { startViewerServer, bootstrap } = await viewerPlatform();
  bootstrap({});
  const study = await studyFolder(opts.input);
  const server = await startViewerServer({ port: 0, dicomDir: study.dir });
  const profileDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1600, height: 1000 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const openedAt = Date.now();
    await page.goto(server.bonePlanningUrl, { waitUntil: 'domcontentloaded', timeout: 180_000 });
    await page.locator('[data-cy="SegmentBones"]').first().waitFor({ state: 'visible', timeout: 300_000 });
    await waitForVolume(page, 600_000);
    const openToViewsDrawnMs = (await waitForViewsDrawn(page, 600_000)) ? Date.now() - openedAt : null;
    await page.evaluate(() => {
      const w = window as unknown as { __benchOutcome?: Promise<unknown>; __benchSurfaces?: Array<Record<string, number>> };
      w.__benchOutcome = new Promise((resolve) => window.addEventListener('bone-segmentation:finished', (e) => resolve((e as CustomEvent).detail), { once: true }));
      w.__benchSurfaces = [];
      window.addEventListener('bone-segmentation:surfaces-shown', (e) => w.__benchSurfaces!.push({ ...(e as CustomEvent).detail, at: performance.now() }));
    });

    // Main-thread responsiveness during the run: Chromium's Long Tasks API (tasks over 50 ms), and the largest
    // delay of a 50 ms page timer (what a user's click or scroll would wait at most).
    // (No named functions inside page.evaluate: tsx's esbuild would wrap them in a helper the page lacks.)
    await page.evaluate(() => {
      const w = window as unknown as { __longTasks: Array<{ start: number; ms: number }>; __timerLag: { max: number; last: number; id: number } };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, ms: e.duration });
      }).observe({ type: 'longtask' });
      w.__timerLag = { max: 0, last: performance.now(), id: 0 };
      w.__timerLag.id = window.setInterval(() => {
        const t = performance.now();
        w.__timerLag.max = Math.max(w.__timerLag.max, t - w.__timerLag.last - 50);
        w.__timerLag.last = t;
      }, 50);
    });

    const samples: Array<{ t: number; mb: number }> = [];
    const sample = (): void => {
      samples.push({ t: Date.now(), mb: browserRssMb(profileDir) });
    };
    sample();
    const idleMb = samples[0]?.mb ?? 0;
    const timer = setInterval(sample, 100);
    const clickAt = Date.now();
    await page.evaluate(() => {
      const el = document.querySelector('[data-cy="SegmentBones"]') as HTMLElement;
      ((el.querySelector('button') as HTMLElement | null) ?? el).click();
    });
    const outcome = (await page.evaluate(() => (window as unknown as { __benchOutcome: Promise<unknown> }).__benchOutcome)) as Outcome;
    const labelmapAt = Date.now();
    let overlayAt: number | null = null;
    if (outcome.status === 'done') {
      const deadline = Date.now() + 300_000;
      while (Date.now() < deadline) {
        const report = await overlayReport(page, outcome.segmentationId!);
        if (report.some((v) => v.type === 'orthographic' && v.colouredPixels > OVERLAY_MIN_COLOURED_PIXELS)) {
          overlayAt = Date.now();
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const surfaces = outcome.status === 'done' ? await surfacesReport(page, clickAt) : null;
    clearInterval(timer);
    sample();
    const responsiveness = await page.evaluate((runMs) => {
      const w = window as unknown as { __longTasks: Array<{ start: number; ms: number }>; __timerLag: { max: number; id: number } };
      window.clearInterval(w.__timerLag.id);
      const since = performance.now() - runMs;
      const tasks = w.__longTasks.filter((t) => t.start >= since).map((t) => Math.round(t.ms));
      return {
        longTasksOver50ms: tasks.length,
        longTaskTotalMs: tasks.reduce((a, b) => a + b, 0),
        longestTaskMs: tasks.length ? Math.max(...tasks) : 0,
        longestTimerDelayMs: Math.round(w.__timerLag.max),
      };
    }, Date.now() - clickAt);

    // Stage windows from the plugin's own durations, laid end to end from the click (message latency between the
    // page and the worker is folded into the neighbouring stages).
    const windows: Array<{ stage: string; ms: number; start: number }> = [];
    let cursor = clickAt;
    const push = (stage: string, ms: number): void => {
      windows.push({ stage, ms, start: cursor });
      cursor += ms;
    };
    push('read CT volume', outcome.readMs ?? 0);
    for (const t of outcome.result?.timings ?? []) if (!t.stage.startsWith('load model:')) push(t.stage, t.ms);
    push('create labelmap', outcome.writeMs ?? 0);
    /** Peak RSS in a window; null when the stage was shorter than the 100 ms sampling interval. */
    const peakIn = (from: number, to: number): number | null => {
      const inside = samples.filter((s) => s.t >= from && s.t <= to).map((s) => s.mb);
      return inside.length ? Math.round(Math.max(...inside)) : null;
    };
    const heap = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);

    return {
      target: 'browser',
      input: opts.input,
      dims: study.dims,
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', browser: `chromium ${context.browser()?.version() ?? ''}`, gpu: 'none (SwiftShader)' },
      status: outcome.status,
      message: outcome.message,
      backend: outcome.result?.backend,
      wasmThreads: outcome.result?.wasmThreads,
      stages: windows.map((w) => ({ stage: w.stage, ms: Math.round(w.ms), peakBrowserRssMb: peakIn(w.start, w.start + w.ms) })),
      modelLoadDetail: (outcome.result?.timings ?? []).filter((t) => t.stage.startsWith('load model:')).map((t) => ({ stage: t.stage, ms: Math.round(t.ms) })),
      clickToLabelmapMs: labelmapAt - clickAt,
      clickToLabelmapOnScreenMs: overlayAt === null ? null : overlayAt - clickAt,
      openToViewsDrawnMs,
      surfaces3D: surfaces,
      mainThread: responsiveness,
      browserRssMb: { beforeClick: Math.round(idleMb), peak: Math.round(Math.max(...samples.map((s) => s.mb))) },
      pageJsHeapMbAfter: Math.round(heap / 2 ** 20),
      segments: outcome.segments?.map((s) => ({ label: s.label, voxels: s.voxels })),
    };
  } finally {
    await context.close().catch(() => undefined);
    await fs.rm(profileDir, { recursive: true, force: true });
    await server.close();
    await study.cleanup();
  }
}
