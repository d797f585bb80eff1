// "Segment bones" end to end: PACS (Orthanc) -> viewer server -> stock OHIF with our plugins -> a click on
// SegmentBones -> the model in a Web Worker -> a new "Bones (AI)" labelmap that OHIF's brush edits. Compared with the
// CLI on the very same DICOM series. Every request during a run is recorded for the privacy check.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import dcmjs from 'dcmjs';
import type { Page } from 'playwright-core';

import { OVERLAY_MIN_COLOURED_PIXELS, overlayReport } from '../../cli/browser/overlay-report';
import { readNifti } from '../../cli/io/nifti';
import { labelByValue } from '../../extensions/bone-segmentation/src/core/label-table';
import { edgeDefects, meshVolume } from '../../extensions/bone-segmentation/src/core/mesh/mesh-ops';
import { decodeBinaryStl } from '../../extensions/bone-segmentation/src/core/mesh/stl';
import { readStoreZip } from '../../extensions/bone-segmentation/src/export/storeZip';
import { bonesFound } from '../../extensions/bone-segmentation/src/ohif/boneSegments';
import { countLabels } from '../../extensions/bone-segmentation/src/worker/runHandler';
import type { RecordedRequest } from './fixtures/browser';
import { startE2eEnvironment, type E2eEnvironment } from './fixtures/environment';
import { repoRoot, sampleStudyDir } from './fixtures/paths';
import { dismissInvestigationalUseBanner, waitForRenderedViewports } from './fixtures/viewer-page';
import { waitFor } from './fixtures/wait-for';
import {
  brushThroughAir,
  clickSegmentBones,
  listenForOutcomes,
  nthOutcome,
  outcomeCount,
  segmentations,
  toastTexts,
  type Outcome,
  type SegmentationSummary,
} from './fixtures/segmentation-page';

const execFileAsync = promisify(execFile);

/** The series shown in the active viewport: its SeriesInstanceUID. */
async function activeSeriesUid(page: Page): Promise<string> {
  return page.evaluate(() => {
    const { viewportGridService, displaySetService } = (window as unknown as { services: any }).services;
    const id = viewportGridService.getActiveViewportId();
    const uid = viewportGridService.getState().viewports.get(id).displaySetInstanceUIDs[0];
    return displaySetService.getDisplaySetByUID(uid).SeriesInstanceUID as string;
  });
}

/** The folder of the generated sample study that holds a series (the same files Orthanc was loaded with). */
async function seriesFolder(seriesInstanceUid: string): Promise<string> {
  for (const entry of await fs.readdir(sampleStudyDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(sampleStudyDir, entry.name);
    const first = (await fs.readdir(dir)).filter((f) => f.endsWith('.dcm')).sort()[0];
    if (!first) continue;
    const bytes = await fs.readFile(path.join(dir, first));
    const dataset = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    if (dataset.dict['0020000E']?.Value?.[0] === seriesInstanceUid) return dir;
  }
  throw new Error(`series ${seriesInstanceUid} is not in ${sampleStudyDir}`);
}

/** Runs the project's CLI on a DICOM folder and returns voxels per label value from its report. */
async function cliCounts(dir: string): Promise<Record<string, number>> {
  const out = await fs.mkdtemp(path.join(os.tmpdir(), 'segment-cli-'));
  try {
    await execFileAsync(
      process.execPath,
      [path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'cli/segment.ts', '--input', dir, '--output', path.join(out, 'labels.nii.gz'), '--report', path.join(out, 'report.json')],
      { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 },
    );
    const report = JSON.parse(await fs.readFile(path.join(out, 'report.json'), 'utf8')) as { labels: Array<{ value: number; voxels: number }> };
    return Object.fromEntries(report.labels.filter((l) => l.voxels > 0).map((l) => [String(l.value), l.voxels]));
  } finally {
    await fs.rm(out, { recursive: true, force: true });
  }
}

/** Display names of the bones in the reference labels that sample-data/ holds for a series of the sample study. */
async function referenceBoneNames(seriesInstanceUid: string): Promise<string[]> {
  const folder = path.basename(await seriesFolder(seriesInstanceUid));
  const part = /synthetic-patient-(\w+)$/.exec(folder)?.[1];
  if (!part) throw new Error(`${folder} is not a series of the synthetic sample patient`);
  const { volume } = await readNifti(path.join(repoRoot, 'sample-data', `synthetic-patient-${part}_labels.nii.gz`));
  return bonesFound(countLabels(Uint8Array.from(volume.voxels))).map((s) => s.label);
}

/** What the page sent while a run was going on. */
function requestsSince(all: RecordedRequest[], from: number): RecordedRequest[] {
  return all.slice(from);
}

describe('segment bones in the viewer', () => {
  let env: E2eEnvironment;
  let page: Page;
  let firstRun: Outcome;
  let bones: SegmentationSummary;

  beforeAll(async () => {
    env = await startE2eEnvironment('segment-bones');
    page = env.browser.page;
  }, 10 * 60 * 1000);

  afterAll(async () => {
    await env?.teardown();
  });

  it('a click on SegmentBones shows progress, then adds "Bones (AI)" with a segment per bone; only our files and DICOMweb reads go over the network', async () => {
    await page.goto(env.bonePlanningUrl(env.sampleStudy.studyInstanceUid), { waitUntil: 'domcontentloaded', timeout: 120_000 });
    await page.locator('[data-cy="SegmentBones"]').first().waitFor({ state: 'visible', timeout: 240_000 });
    await waitForRenderedViewports(page, 'orthographic', 3, 420_000);
    await dismissInvestigationalUseBanner(page);
    await listenForOutcomes(page);
    expect(await segmentations(page)).toEqual([]);

    const firstRequest = env.browser.requests.length;
    await clickSegmentBones(page);
    // Progress: the host notification with a percentage and the stage, and a Cancel action.
    const progress = await waitFor(
      'a progress notification',
      async () => (await toastTexts(page)).find((t) => /Segmenting bones/.test(t) && /\d+%/.test(t)),
      { timeoutMs: 120_000, intervalMs: 200 },
    );
    expect(progress).toMatch(/Cancel/);
    firstRun = await nthOutcome(page, 1);
    env.browser.note(`first run: ${JSON.stringify(firstRun)}`);
    expect(firstRun.status).toBe('done');

    const all = await segmentations(page);
    expect(all.map((s) => s.label)).toEqual(['Bones (AI)']);
    bones = all[0];
    const found = firstRun.segments!;
    // The bones of the sample patient's reference labels, by display name: nothing missing, nothing extra.
    expect(found.map((s) => s.label)).toEqual(await referenceBoneNames(await activeSeriesUid(page)));
    expect(bones.segments).toEqual(Object.fromEntries(found.map((s) => [String(s.segmentIndex), s.label])));
    // Every segment has voxels in the labelmap the viewer shows, and no value outside the segments appears.
    expect(Object.keys(bones.counts).sort()).toEqual(Object.keys(bones.segments).sort());
    for (const s of found) expect(bones.counts[s.segmentIndex]).toBe(s.voxels);

    // Privacy: during the run only GETs of static files from the viewer's own origin (our plugin folder, or chunks of
    // the stock viewer that it loads lazily, e.g. for the segmentation panel) and DICOMweb reads, and no request
    // carries a body.
    // Settled: no new request for a whole second (late chunk or DICOMweb reads would otherwise be missed).
    let seenCount = -1;
    let quietSince = Date.now();
    await waitFor(
      'the request log to settle',
      async () => {
        const count = env.browser.requests.length;
        if (count !== seenCount) {
          seenCount = count;
          quietSince = Date.now();
          return undefined;
        }
        return Date.now() - quietSince >= 1000 ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const during = requestsSince(env.browser.requests, firstRequest);
    env.browser.note(`requests during the run: ${during.map((r) => `${r.method} ${r.url}`).join(' | ')}`);
    const origin = new URL(env.viewer.url).origin;
    for (const r of during) {
      const url = new URL(r.url);
      const staticFile = /^\/[^/]+\.(js|mjs|css|woff2?|wasm|json)$/.test(url.pathname);
      const ours =
        url.origin === origin && (url.pathname.startsWith('/plugins/') || url.pathname.startsWith('/dicom-web/') || staticFile);
      expect({ url: r.url, method: r.method, ours, bodyBytes: r.postDataBytes }).toEqual({ url: r.url, method: 'GET', ours: true, bodyBytes: 0 });
    }
    expect(during.some((r) => /\/plugins\/bone-segmentation\/.*\.onnx/.test(r.url))).toBe(true);

    // The overlay on screen: centre the MPR viewports on the first bone and keep a screenshot.
    await page.evaluate(
      ([id, index]) => {
        const w = window as unknown as { services: any; cornerstone: any };
        for (const vp of w.cornerstone.getRenderingEngines()[0].getViewports()) {
          if (vp.type === 'orthographic') w.services.segmentationService.jumpToSegmentCenter(id, index, vp.id, 0.9, false);
        }
      },
      [bones.id, found[0].segmentIndex] as const,
    );
    // On every MPR viewport: exactly one labelmap of it, each bone in the label table's colour, and the overlay
    // drawn on the canvas at the bone's centre (where the segment list jumps).
    const expectedColours = Object.fromEntries(found.map((s) => [String(s.segmentIndex), [...labelByValue(s.segmentIndex)!.color, 255]]));
    const overlays = await waitFor(
      'the overlay on every MPR viewport in the label colours',
      async () => {
        const report = (await overlayReport(page, bones.id)).filter((v) => v.type === 'orthographic');
        const ready = report.length === 3 && report.every((v) => v.colouredPixels > OVERLAY_MIN_COLOURED_PIXELS && v.representations.length === 1);
        return ready ? report : undefined;
      },
      { timeoutMs: 5 * 60_000, intervalMs: 2000 },
    );
    env.browser.note(`overlay per viewport: ${JSON.stringify(overlays)}`);
    for (const v of overlays) {
      expect({ viewport: v.viewportId, representations: v.representations, colours: v.colours }).toEqual({
        viewport: v.viewportId,
        representations: ['Labelmap'],
        colours: expectedColours,
      });
    }
    await env.browser.screenshot('bones-ai-overlay');
    // The server's Content-Security-Policy (viewer/securityHeaders.mjs) blocked nothing the viewer or the plugin needs.
    expect(await env.browser.cspViolations()).toEqual([]);
  });

  it('each segment holds exactly the voxels the CLI finds on the same series', async () => {
    // Same core, same series: onnxruntime-web (wasm) and onnxruntime-node agree to float rounding, and the core's
    // thresholds are far from those roundings on this series (measured: identical counts per segment).
    expect(firstRun?.status).toBe('done');
    const dir = await seriesFolder(await activeSeriesUid(page));
    const cli = await cliCounts(dir);
    env.browser.note(`CLI on ${dir}: ${JSON.stringify(cli)}; viewer: ${JSON.stringify(bones.counts)}`);
    expect(bones.counts).toEqual(cli);
  });

  it('Export STL downloads a zip with one closed STL per bone, each enclosing its segment\'s volume', async () => {
    expect(firstRun?.status).toBe('done');
    const downloadStarted = page.waitForEvent('download', { timeout: 5 * 60_000 });
    await page.evaluate(() => {
      const el = document.querySelector('[data-cy="ExportBonesSTL"]') as HTMLElement | null;
      if (!el) throw new Error('no ExportBonesSTL button');
      ((el.querySelector('button') as HTMLElement | null) ?? el).click();
    });
    const download = await downloadStarted;
    expect(download.suggestedFilename()).toBe('bones-stl.zip');
    const entries = readStoreZip(new Uint8Array(await fs.readFile(await download.path())));
    const expectedNames = firstRun.segments!.map((s) => `${labelByValue(s.segmentIndex)!.name}.stl`).sort();
    expect(entries.map((e) => e.name).sort()).toEqual(expectedNames);
    const spacing = await page.evaluate((id) => {
      const w = window as unknown as { services: any; cornerstone: any };
      const ref = w.services.segmentationService.getSegmentation(id).representationData.Labelmap.referencedImageIds;
      const plane = w.cornerstone.metaData.get('imagePlaneModule', ref[0]);
      const next = w.cornerstone.metaData.get('imagePlaneModule', ref[1]);
      const gap = Math.hypot(...[0, 1, 2].map((a) => next.imagePositionPatient[a] - plane.imagePositionPatient[a]));
      return plane.columnPixelSpacing * plane.rowPixelSpacing * gap;
    }, bones.id);
    const figures: string[] = [];
    for (const entry of entries) {
      const mesh = decodeBinaryStl(entry.bytes);
      const value = firstRun.segments!.find((s) => `${labelByValue(s.segmentIndex)!.name}.stl` === entry.name)!.segmentIndex;
      const ratio = meshVolume(mesh) / (bones.counts[value] * spacing);
      figures.push(`${entry.name} ${mesh.triangles.length / 3} triangles, volume x${ratio.toFixed(3)}`);
      expect({ file: entry.name, ...edgeDefects(mesh), volumeWithin3Percent: Math.abs(ratio - 1) < 0.03 }).toEqual({
        file: entry.name,
        nonManifoldEdges: 0,
        misorientedEdges: 0,
        volumeWithin3Percent: true,
      });
    }
    env.browser.note(`STL export: ${figures.join('; ')}`);
    // Only read: the segmentation is exactly as it was.
    expect((await segmentations(page)).find((x) => x.id === bones.id)!.counts).toEqual(bones.counts);
  });

  it('a brush stroke changes one segment, and undo restores it', async () => {
    const before = (await segmentations(page)).find((s) => s.id === bones.id)!;
    const target = firstRun.segments![0].segmentIndex;
    const after = await brushThroughAir(page, bones.id, target, before.counts);
    const changed = Object.keys({ ...before.counts, ...after.counts }).filter((k) => before.counts[k] !== after.counts[k]);
    expect(changed).toEqual([String(target)]);
    expect(after.counts[target]).toBeGreaterThan(before.counts[target]);

    await page.evaluate(() => (window as unknown as { cornerstone: any }).cornerstone.utilities.HistoryMemo.DefaultHistoryMemo.undo());
    const undone = (await segmentations(page)).find((x) => x.id === bones.id)!;
    expect(undone.counts).toEqual(before.counts);
  });


  it('Store to PACS writes a valid binary DICOM SEG with bone codes; a fresh page loads back the same names, colours and voxel counts, the brushed segment included', async () => {
    const target = firstRun.segments![1].segmentIndex;
    const before = (await segmentations(page)).find((s) => s.id === bones.id)!;
    const brushed = await brushThroughAir(page, bones.id, target, before.counts);
    expect(brushed.counts[target]).toBeGreaterThan(before.counts[target]);
    await page.evaluate(() => {
      const w = window as unknown as { __segStored?: unknown[] };
      w.__segStored = [];
      window.addEventListener('bone-segmentation:seg-stored', (e) => w.__segStored!.push((e as CustomEvent).detail));
    });
    await page.evaluate(() => {
      const el = document.querySelector('[data-cy="StoreBonesSEG"]') as HTMLElement | null;
      if (!el) throw new Error('no StoreBonesSEG button');
      ((el.querySelector('button') as HTMLElement | null) ?? el).click();
    });
    await page.waitForFunction(() => ((window as unknown as { __segStored: unknown[] }).__segStored.length > 0), undefined, { timeout: 5 * 60_000, polling: 500 });
    const stored = await page.evaluate(() => (window as unknown as { __segStored: any[] }).__segStored[0]);
    env.browser.note(`stored: ${JSON.stringify(stored)}`);
    expect(stored.status).toBe('stored');
    expect(stored.sopClassUid).toBe('1.2.840.10008.5.1.4.1.1.66.4');
    expect(stored.edited).toEqual([target]);
    expect([...stored.segments].sort((a: number, b: number) => a - b)).toEqual(firstRun.segments!.map((s) => s.segmentIndex).sort((a, b) => a - b));
    // The labelmap is still here, as edited.
    expect((await segmentations(page)).find((s) => s.id === bones.id)!.counts).toEqual(brushed.counts);

    // The object in the PACS: parsed by dcmtk and checked against the IOD by dicom3tools.
    const found = (await (await fetch(`${env.orthanc.restUrl}/tools/find`, { method: 'POST', body: JSON.stringify({ Level: 'Instance', Query: { SOPInstanceUID: stored.sopInstanceUid } }) })).json()) as string[];
    expect(found).toHaveLength(1);
    const file = path.join(os.tmpdir(), `stored-seg-${stored.sopInstanceUid}.dcm`);
    await fs.writeFile(file, Buffer.from(await (await fetch(`${env.orthanc.restUrl}/instances/${found[0]}/file`)).arrayBuffer()));
    const dump = (await execFileAsync('/usr/bin/dcmdump', ['+P', '0002,0010', '+P', '0008,0016', '+P', '0062,0008', file])).stdout;
    expect(dump).toContain('=LittleEndianExplicit');
    expect(dump).toContain('=SegmentationStorage');
    const validation = await execFileAsync('/usr/bin/dciodvfy', [file]).then((r) => `${r.stdout}${r.stderr}`, (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ''}${e.stderr ?? ''}`);
    env.browser.note(`dciodvfy: ${validation.replace(/\n/g, ' | ')}`);
    expect(validation.split('\n').filter((line) => /^Error/.test(line))).toEqual([]);
    const seg = dcmjs.data.DicomMessage.readFile((await fs.readFile(file)).buffer.slice(0) as ArrayBuffer);
    const segments = dcmjs.data.DicomMetaDictionary.naturalizeDataset(seg.dict).SegmentSequence as Array<Record<string, any>>;
    for (const item of segments) {
      const label = firstRun.segments!.find((s) => s.label === item.SegmentLabel)!;
      expect(item.SegmentAlgorithmType).toBe(label.segmentIndex === target ? 'SEMIAUTOMATIC' : 'AUTOMATIC');
      expect(item.SegmentedPropertyTypeCodeSequence[0].CodingSchemeDesignator ?? item.SegmentedPropertyTypeCodeSequence.CodingSchemeDesignator).toBe('SCT');
      const rgb = dcmjs.data.Colors.dicomlab2RGB(item.RecommendedDisplayCIELabValue).map((v: number) => Math.round(v * 255));
      rgb.forEach((v: number, i: number) => expect(Math.abs(v - labelByValue(label.segmentIndex)!.color[i])).toBeLessThanOrEqual(3));
    }
    await fs.rm(file, { force: true });

    // Tomorrow: a fresh page, the stored SEG loaded from the PACS.
    const fresh = await env.browser.context.newPage();
    try {
      await fresh.goto(env.bonePlanningUrl(env.sampleStudy.studyInstanceUid), { waitUntil: 'domcontentloaded', timeout: 120_000 });
      await waitForRenderedViewports(fresh, 'orthographic', 3, 420_000);
      const loaded = await waitFor(
        'the stored SEG in the study, loaded',
        () =>
          fresh.evaluate(async (seriesUid) => {
            const w = window as unknown as { services: any; cornerstone: any };
            const ds = w.services.displaySetService.getActiveDisplaySets().find((d: any) => d.Modality === 'SEG' && d.SeriesInstanceUID === seriesUid);
            if (!ds) return undefined;
            await ds.load({ headers: {} });
            const s = w.services.segmentationService.getSegmentation(ds.displaySetInstanceUID);
            if (!s) return undefined;
            const byLabel: Record<string, number> = {};
            const labelOf: Record<string, string> = {};
            for (const [index, segment] of Object.entries(s.segments ?? {})) if (segment) labelOf[index] = (segment as { label: string }).label;
            for (const imageId of s.representationData?.Labelmap?.imageIds ?? []) {
              const data = w.cornerstone.cache.getImage(imageId)?.voxelManager?.getScalarData();
              if (!data) continue;
              for (let i = 0; i < data.length; i++) if (data[i]) byLabel[labelOf[data[i]]] = (byLabel[labelOf[data[i]]] ?? 0) + 1;
            }
            return byLabel;
          }, stored.seriesInstanceUid),
        { timeoutMs: 5 * 60_000, intervalMs: 2000 },
      );
      const expected = Object.fromEntries(firstRun.segments!.map((s) => [s.label, brushed.counts[s.segmentIndex]]));
      env.browser.note(`loaded back: ${JSON.stringify(loaded)}; expected ${JSON.stringify(expected)}`);
      expect(loaded).toEqual(expected);
    } finally {
      await fresh.close();
    }
    // Put the first segmentation back as it was for the tests after this one.
    await page.evaluate(() => (window as unknown as { cornerstone: any }).cornerstone.utilities.HistoryMemo.DefaultHistoryMemo.undo());
    expect((await segmentations(page)).find((s) => s.id === bones.id)!.counts).toEqual(before.counts);
  });

  it('Store to PACS with the PACS refusing says so once and keeps the segmentation', async () => {
    const before = await segmentations(page);
    await page.route('**/dicom-web/studies**', (route) => (route.request().method() === 'POST' ? route.fulfill({ status: 503, body: 'PACS down' }) : route.fallback()));
    try {
      await page.evaluate(() => {
        (window as unknown as { __segStored: unknown[] }).__segStored = [];
        const el = document.querySelector('[data-cy="StoreBonesSEG"]') as HTMLElement | null;
        ((el!.querySelector('button') as HTMLElement | null) ?? el!).click();
      });
      await page.waitForFunction(() => ((window as unknown as { __segStored: unknown[] }).__segStored.length > 0), undefined, { timeout: 5 * 60_000, polling: 500 });
      const outcome = await page.evaluate(() => (window as unknown as { __segStored: any[] }).__segStored[0]);
      expect(outcome.status).toBe('failed');
      const messages = (await toastTexts(page)).filter((t) => /could not be stored to the PACS/.test(t));
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(/Nothing was changed in the viewer/);
    } finally {
      await page.unroute('**/dicom-web/studies**');
    }
    expect(await segmentations(page)).toEqual(before);
  });

  it('a second click while running is refused politely; running again makes another segmentation', async () => {
    const seen = await outcomeCount(page);
    await clickSegmentBones(page);
    await clickSegmentBones(page);
    const refused = await nthOutcome(page, seen + 1);
    expect(refused.status).toBe('busy');
    expect((await toastTexts(page)).join(' ')).toMatch(/already running/);
    const second = await nthOutcome(page, seen + 2);
    expect(second.status).toBe('done');
    const all = await segmentations(page);
    expect(all.map((s) => s.label)).toEqual(['Bones (AI)', 'Bones (AI)']);
    // The first segmentation, edited by the user above and undone, is exactly as it was.
    expect(all.find((s) => s.id === bones.id)!.counts).toEqual(bones.counts);
  });

  it('Cancel leaves no partial segmentation and says nothing changed', async () => {
    const before = await segmentations(page);
    const seen = await outcomeCount(page);
    // The previous run closed its progress notification.
    await waitFor('no progress notification', async () => ((await toastTexts(page)).some((t) => /Segmenting bones/.test(t)) ? undefined : true), {
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    await clickSegmentBones(page);
    // The toast re-renders with every progress tick (and the previous run's toast may still be fading out), so
    // find the live one while the model works and click its Cancel button where it is now (a DOM click, as a mouse
    // would send), retrying until it is there.
    await waitFor(
      'the Cancel action of the progress notification',
      () =>
        page.evaluate(() => {
          const toast = Array.from(document.querySelectorAll('[data-sonner-toast]:not([data-removed="true"])')).find((t) =>
            /Segmenting bones[\s\S]*(Loading the model|Resampling|Running the model)/.test(t.textContent ?? ''),
          );
          const button = toast?.querySelector('button[data-action]') as HTMLButtonElement | null;
          if (!button) return undefined;
          button.click();
          return true;
        }),
      { timeoutMs: 120_000, intervalMs: 100 },
    );
    const outcome = await nthOutcome(page, seen + 1);
    expect(outcome.status).toBe('cancelled');
    expect((await toastTexts(page)).join(' ')).toMatch(/cancelled\. Nothing was changed/);
    expect(await segmentations(page)).toEqual(before);
  });

  it('the real abdominal series says "no lower-limb bones found" and creates nothing', async () => {
    await page.goto(env.bonePlanningUrl(env.abdomenStudy.studyInstanceUid), { waitUntil: 'domcontentloaded', timeout: 120_000 });
    await page.locator('[data-cy="SegmentBones"]').first().waitFor({ state: 'visible', timeout: 240_000 });
    await waitForRenderedViewports(page, 'orthographic', 3, 420_000);
    await dismissInvestigationalUseBanner(page);
    await listenForOutcomes(page);
    await clickSegmentBones(page);
    const outcome = await nthOutcome(page, 1);
    env.browser.note(`abdomen run: ${JSON.stringify(outcome)}`);
    expect(outcome.status).toBe('no-bones');
    expect((await toastTexts(page)).join(' ')).toMatch(/No lower-limb bones found/);
    expect(await segmentations(page)).toEqual([]);
    await env.browser.screenshot('abdomen-no-bones');
  });
});
