/**
 * The local viewer server as a black box (a child process, as `npm start` and the e2e tests run it): static OHIF
 * files with SPA fallback, plugins, the generated app-config, isolation headers on every response, the embedded
 * DICOMweb server over a DICOM folder, and the PACS proxy. Small stand-ins replace the OHIF build and the bundles.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ctSliceToPart10, type SeriesInfo, type StudyInfo } from '../../../scripts/sample-study/ctToDicom';
import { deterministicUid } from '../../../scripts/sample-study/uids';

const repoRoot = path.resolve(__dirname, '../../..');
const serverScript = path.join(repoRoot, 'viewer', 'server.mjs');

const study: StudyInfo = {
  studyInstanceUid: deterministicUid('viewer server test study'),
  frameOfReferenceUid: deterministicUid('viewer server test frame'),
  patientName: 'SYNTHETIC^Server',
  patientId: 'SYNTHETIC-S',
  studyDescription: 'SYNTHETIC server test',
  studyDate: '20240102',
  studyTime: '101010',
};
const series: SeriesInfo = { seriesInstanceUid: deterministicUid('viewer server test series'), seriesNumber: 1, seriesDescription: 'SYNTHETIC CT test', bodyPartExamined: 'LEG' };
const voxels = Int16Array.from({ length: 3 * 2 * 2 }, (_, n) => n * 7 - 20);
const volume = { voxels, dims: [3, 2, 2] as [number, number, number], spacing: [1, 1, 2] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], origin: [0, 0, 0] as [number, number, number] };

let tmp: string;
const children: ChildProcess[] = [];

function startServer(args: string[]): Promise<{ url: string; output: () => string }> {
  const child = spawn(process.execPath, [serverScript, '--port', '0', '--ohif-dist', path.join(tmp, 'ohif'), '--plugins-dir', path.join(tmp, 'plugins'), ...args], { cwd: repoRoot });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      // The server prints "Viewer: <url>" then always a "Bone planning..." line; wait for both.
      const match = /^Viewer: (http:\/\/\S+)$/m.exec(output);
      if (match && /^Bone planning/m.test(output)) resolve({ url: match[1], output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
  });
}

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

function expectIsolated(headers: Headers): void {
  expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(headers.get('cross-origin-embedder-policy')).toBe('require-corp');
  expect(headers.get('cross-origin-resource-policy')).toBe('same-origin');
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'viewer-server-test-'));
  fs.mkdirSync(path.join(tmp, 'ohif'));
  fs.writeFileSync(path.join(tmp, 'ohif', 'index.html'), '<!doctype html><title>stand-in OHIF</title>');
  fs.writeFileSync(path.join(tmp, 'ohif', 'app.bundle.js'), 'console.log("app")');
  fs.mkdirSync(path.join(tmp, 'plugins', 'bone-planning'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'plugins', 'bone-planning', 'mode.mjs'), 'export default {};');
  const dicom = path.join(tmp, 'dicom', 'series');
  fs.mkdirSync(dicom, { recursive: true });
  for (const k of [0, 1]) fs.writeFileSync(path.join(dicom, `${k}.dcm`), ctSliceToPart10(volume, k, study, series));
  // A slice without UIDs (like the real abdominal series before repair): skipped, never given invented UIDs.
  fs.writeFileSync(path.join(dicom, 'no-uids.dcm'), ctSliceToPart10(volume, 0, { ...study, studyInstanceUid: '' }, series));
  fs.writeFileSync(path.join(dicom, 'notes.txt'), 'not DICOM');
});

afterAll(() => {
  for (const child of children) child.kill();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('viewer server with the embedded DICOMweb server', () => {
  let base: string;
  let output: () => string;
  const studyUrl = (): string => `${base}dicom-web/studies/${study.studyInstanceUid}`;

  beforeAll(async () => {
    ({ url: base, output } = await startServer(['--dicom-dir', path.join(tmp, 'dicom'), '--store-dir', path.join(tmp, 'store')]));
  });

  it('prints the viewer URL and a direct bone-planning link to the study, and reports the skipped file', () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(output()).toContain(`${base}bone-planning?StudyInstanceUIDs=${study.studyInstanceUid}`);
    expect(output()).toContain('Skipped 1 file(s)');
    expect(output()).toContain('empty Study/Series/SOP Instance UID');
  });

  it('serves OHIF with SPA fallback, the plugins and the generated app-config, all cross-origin isolated', async () => {
    const route = await get(`${base}bone-planning?StudyInstanceUIDs=1.2.3`);
    expect(route.status).toBe(200);
    expect(route.body.toString()).toContain('stand-in OHIF');
    expectIsolated(route.headers);

    const mode = await get(`${base}plugins/bone-planning/mode.mjs`);
    expect(mode.status).toBe(200);
    expect(mode.headers.get('content-type')).toMatch(/^text\/javascript/);
    expectIsolated(mode.headers);

    const etag = mode.headers.get('etag')!;
    const revalidated = await fetch(`${base}plugins/bone-planning/mode.mjs`, { headers: { 'If-None-Match': etag } });
    expect(revalidated.status).toBe(304);
    expectIsolated(revalidated.headers);

    const missing = await get(`${base}plugins/bone-planning/absent.mjs`);
    expect(missing.status).toBe(404);
    expectIsolated(missing.headers);
    expect((await get(`${base}no-such-file.js`)).status).toBe(404);
    // An encoded traversal stays inside the plugins folder (the URL parser would resolve a plain "../").
    const traversal = await get(`${base}plugins/..%2f..%2f..%2fpackage.json`);
    expect(traversal.status).toBe(404);
    expect(traversal.body.toString()).not.toContain('workspaces');

    const config = await get(`${base}app-config.js`);
    const text = config.body.toString();
    expect(text).toContain('"/plugins/bone-segmentation/extension.mjs"');
    expect(text).toContain('"/plugins/bone-planning/mode.mjs"');
    expect(text).toContain("qidoRoot\": window.location.origin + '/dicom-web'");
    expectIsolated(config.headers);
  });

  it('answers a request for "//" and keeps serving (it used to crash the server)', async () => {
    const { hostname, port } = new URL(base);
    const status = await new Promise<number>((resolve, reject) => {
      http.get({ host: hostname, port, path: '//' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(status).toBeLessThan(500);
    expect((await get(`${base}app-config.js`)).status).toBe(200);
  });

  it('answers QIDO-RS for studies (with filters) and series', async () => {
    const studies = JSON.parse((await get(`${base}dicom-web/studies?limit=101&offset=0&includefield=00081030`)).body.toString());
    expect(studies).toHaveLength(1);
    expect(studies[0]['0020000D'].Value).toEqual([study.studyInstanceUid]);
    expect(studies[0]['00080061'].Value).toEqual(['CT']);
    expect(studies[0]['00201208'].Value).toEqual([2]);
    expect(studies[0]['00100010'].Value[0].Alphabetic).toBe('SYNTHETIC^Server');
    const byName = JSON.parse((await get(`${base}dicom-web/studies?PatientName=*synth*`)).body.toString());
    expect(byName).toHaveLength(1);
    const none = JSON.parse((await get(`${base}dicom-web/studies?PatientName=Nobody*`)).body.toString());
    expect(none).toEqual([]);
    const seriesList = JSON.parse((await get(`${studyUrl()}/series`)).body.toString());
    expect(seriesList.map((s: Record<string, { Value: unknown[] }>) => s['0020000E'].Value[0])).toEqual([series.seriesInstanceUid]);
    expect(seriesList[0]['00080060'].Value).toEqual(['CT']);
  });

  it('answers WADO-RS metadata without pixel data, and frames as multipart with the exact stored bytes', async () => {
    const metadata = JSON.parse((await get(`${studyUrl()}/series/${series.seriesInstanceUid}/metadata`)).body.toString());
    expect(metadata).toHaveLength(2);
    for (const instance of metadata) {
      expect(instance['7FE00010']).toBeUndefined();
      expect(instance['00280010'].Value).toEqual([2]);
      expect(instance['00281052'].Value.map(Number)).toEqual([-1024]);
    }
    const sop = metadata.find((i: Record<string, { Value: unknown[] }>) => i['00200013'].Value[0] === 2 || i['00200013'].Value[0] === '2')['00080018'].Value[0];
    const frame = await get(`${studyUrl()}/series/${series.seriesInstanceUid}/instances/${sop}/frames/1`, {
      Accept: 'multipart/related; type=application/octet-stream; transfer-syntax=*',
    });
    expect(frame.status).toBe(200);
    expectIsolated(frame.headers);
    const contentType = frame.headers.get('content-type')!;
    expect(contentType).toMatch(/^multipart\/related; type="application\/octet-stream"; boundary=/);
    const boundary = /boundary=(\S+)/.exec(contentType)![1];
    const body = frame.body;
    const headerEnd = body.indexOf('\r\n\r\n') + 4;
    expect(body.subarray(0, headerEnd).toString()).toContain('transfer-syntax=1.2.840.10008.1.2.1');
    const end = body.indexOf(`\r\n--${boundary}--`);
    const pixels = new Int16Array(body.buffer.slice(body.byteOffset + headerEnd, body.byteOffset + end));
    expect(Array.from(pixels, (v) => v - 1024)).toEqual(Array.from(voxels.subarray(6, 12)));

    expect((await get(`${studyUrl()}/series/${series.seriesInstanceUid}/instances/${sop}/frames/2`)).status).toBe(404);
    expect((await get(`${base}dicom-web/studies/1.2.3/series`)).status).toBe(404);
  });
});

describe('viewer server in front of a PACS', () => {
  it('proxies /dicom-web/* to the PACS root, keeping the browser Host header, and adds the isolation headers', async () => {
    const seen: { host?: string; url?: string }[] = [];
    const pacs = http.createServer((req, res) => {
      seen.push({ host: req.headers.host, url: req.url });
      res.writeHead(200, { 'Content-Type': 'application/dicom+json' });
      res.end('[]');
    });
    await new Promise<void>((resolve) => pacs.listen(0, '127.0.0.1', resolve));
    try {
      const pacsRoot = `http://127.0.0.1:${(pacs.address() as AddressInfo).port}/orthanc/dicom-web`;
      const { url } = await startServer(['--pacs', pacsRoot]);
      const response = await get(`${url}dicom-web/studies?PatientName=*X*`);
      expect(response.status).toBe(200);
      expect(response.body.toString()).toBe('[]');
      expectIsolated(response.headers);
      const proxied = seen.find((s) => s.url === '/orthanc/dicom-web/studies?PatientName=*X*');
      expect(proxied?.host).toBe(new URL(url).host);
    } finally {
      pacs.close();
    }
  });

  it('forwards a comma-separated includefield as repeated parameters (Orthanc reads only those)', async () => {
    const seen: string[] = [];
    const pacs = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(200, { 'Content-Type': 'application/dicom+json' });
      res.end('[]');
    });
    await new Promise<void>((resolve) => pacs.listen(0, '127.0.0.1', resolve));
    try {
      const { url } = await startServer(['--pacs', `http://127.0.0.1:${(pacs.address() as AddressInfo).port}/dicom-web`]);
      expect((await get(`${url}dicom-web/studies?limit=101&includefield=00081030,00080060&offset=0`)).status).toBe(200);
      expect(seen).toContain('/dicom-web/studies?limit=101&offset=0&includefield=00081030&includefield=00080060');
    } finally {
      pacs.close();
    }
  });

  it('refuses a PACS URL that is not http(s) with one line and exit code 1', async () => {
    const child = spawn(process.execPath, [serverScript, '--port', '0', '--pacs', 'ftp://pacs'], { cwd: repoRoot });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err.trim().split('\n')).toEqual(['--pacs must be an http(s) URL (got "ftp://pacs")']);
  });
});
