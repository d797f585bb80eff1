/**
 * The viewer server and its PACS proxy against hostile and broken peers (all loopback): invalid status lines,
 * stalled and cut bodies, clients that leave, DNS-rebinding Host names, hop-by-hop headers, pathological QIDO
 * wildcards and frame lists, huge and truncated files in the DICOM folder. Each test failed before its fix.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ctSliceToPart10, type SeriesInfo, type StudyInfo } from '../../../scripts/sample-study/ctToDicom';
import { deterministicUid } from '../../../scripts/sample-study/uids';

const repoRoot = path.resolve(__dirname, '../../..');
const serverScript = path.join(repoRoot, 'viewer', 'server.mjs');

const study: StudyInfo = {
  studyInstanceUid: deterministicUid('hardening test study'),
  frameOfReferenceUid: deterministicUid('hardening test frame'),
  patientName: 'SYNTHETIC^Hardening',
  patientId: 'SYNTHETIC-H',
  studyDescription: 'SYNTHETIC hardening test',
  studyDate: '20240103',
  studyTime: '101010',
};
const series: SeriesInfo = { seriesInstanceUid: deterministicUid('hardening test series'), seriesNumber: 1, seriesDescription: 'SYNTHETIC CT', bodyPartExamined: 'LEG' };
const dims: [number, number, number] = [16, 16, 3];
const voxels = Int16Array.from({ length: dims[0] * dims[1] * dims[2] }, (_, n) => (n % 50) * 10);
const volume = { voxels, dims, spacing: [1, 1, 2] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], origin: [0, 0, 0] as [number, number, number] };

let tmp: string;
const children: ChildProcess[] = [];

interface Started { url: string; port: number; output: () => string; child: ChildProcess }

function startServer(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [serverScript, '--port', '0', '--ohif-dist', path.join(tmp, 'ohif'), '--plugins-dir', path.join(tmp, 'plugins'), ...args], { cwd: repoRoot });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /^Viewer: (http:\/\/\S+)$/m.exec(output);
      if (match && /^Bone planning/m.test(output)) resolve({ url: match[1], port: Number(new URL(match[1]).port), output: () => output, child });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
  });
}

interface RawResponse { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

/** http.request, so that Host, Connection and odd methods are sent as given (fetch forbids them). */
function request(port: number, options: http.RequestOptions = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, ...options }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const alive = async (port: number): Promise<number> => (await request(port, { path: '/app-config.js' })).status;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'viewer-hardening-test-'));
  fs.mkdirSync(path.join(tmp, 'ohif'));
  fs.writeFileSync(path.join(tmp, 'ohif', 'index.html'), '<!doctype html><title>stand-in OHIF</title><script>window.x=1</script>');
  fs.mkdirSync(path.join(tmp, 'plugins'), { recursive: true });
  const dicom = path.join(tmp, 'dicom');
  fs.mkdirSync(dicom, { recursive: true });
  for (const k of [0, 1]) fs.writeFileSync(path.join(dicom, `${k}.dcm`), ctSliceToPart10(volume, k, study, series));
  // Cut inside its pixel data: it used to be served as an almost black frame.
  const whole = ctSliceToPart10(volume, 2, study, series);
  fs.writeFileSync(path.join(dicom, 'truncated.dcm'), whole.subarray(0, whole.length - 100));
  // Sparse files take no disk: 2.5 GiB once crashed startup (ERR_FS_FILE_TOO_LARGE), and any big file was read whole.
  const huge = fs.openSync(path.join(dicom, 'huge-not-dicom.bin'), 'w');
  fs.ftruncateSync(huge, 2.5 * 1024 ** 3);
  fs.closeSync(huge);
  const hugeDicm = fs.openSync(path.join(dicom, 'huge-dicm.dcm'), 'w');
  fs.writeSync(hugeDicm, Buffer.from('DICM'), 0, 4, 128);
  fs.ftruncateSync(hugeDicm, 2.5 * 1024 ** 3);
  fs.closeSync(hugeDicm);
});

afterAll(() => {
  for (const child of children) child.kill();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('embedded DICOMweb server under hostile requests', () => {
  let server: Started;
  const seriesPath = (): string => `/dicom-web/studies/${study.studyInstanceUid}/series/${series.seriesInstanceUid}`;

  beforeAll(async () => {
    const started = Date.now();
    server = await startServer(['--dicom-dir', path.join(tmp, 'dicom'), '--store-dir', path.join(tmp, 'store')]);
    // Headers only: the 2.5 GiB files cost no reading time.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('skips the huge DICM file and the truncated one with a reason, and serves only the complete slices', async () => {
    expect(server.output()).toMatch(/Skipped 2 file\(s\)/);
    expect(server.output()).toMatch(/pixel data truncated \(\d+ of 512 bytes\)/);
    expect(server.output()).not.toMatch(/ERR_FS_FILE_TOO_LARGE|at .*\.mjs:\d+/);
    const metadata = JSON.parse((await request(server.port, { path: `${seriesPath()}/metadata` })).body.toString());
    expect(metadata).toHaveLength(2);
  });

  it('matches a QIDO wildcard such as ************Z in linear time while other requests go on', async () => {
    const started = Date.now();
    const response = await request(server.port, { path: `/dicom-web/studies?PatientName=${'*'.repeat(40)}Z` });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString())).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2000);
    const match = await request(server.port, { path: '/dicom-web/studies?PatientName=*synth*^h?rden*' });
    expect(JSON.parse(match.body.toString())).toHaveLength(1);
  });

  it('bounds a frame list: repeats served once, too many refused, frames the instance lacks are 404', async () => {
    const metadata = JSON.parse((await request(server.port, { path: `${seriesPath()}/metadata` })).body.toString());
    const sop = metadata[0]['00080018'].Value[0];
    const frames = `${seriesPath()}/instances/${sop}/frames/`;
    const repeated = await request(server.port, { path: `${frames}1,1,1` });
    expect(repeated.status).toBe(200);
    expect(repeated.body.toString('latin1').match(/Content-Length: 512/g)).toHaveLength(1);
    const amplified = await request(server.port, { path: `${frames}${Array(7000).fill('1').join(',')}` });
    expect(amplified.status).toBe(400);
    expect(amplified.body.length).toBeLessThan(1000);
    expect((await request(server.port, { path: `${frames}1,2` })).status).toBe(404);
    expect((await request(server.port, { path: `${frames}1,x` })).status).toBe(400);
  });

  it('answers malformed escapes and __proto__ queries with 4xx, not a 500 with a stack trace', async () => {
    expect((await request(server.port, { path: '/dicom-web/studies/%E0%A4%A' })).status).toBe(400);
    expect((await request(server.port, { path: '/plugins/%E0%A4%A.js' })).status).toBeLessThan(500);
    const proto = await request(server.port, { path: '/dicom-web/studies?__proto__=1&constructor=2' });
    expect(proto.status).toBe(200);
    expect(JSON.parse(proto.body.toString())).toHaveLength(1);
    expect(server.output()).not.toMatch(/TypeError|URIError/);
  });

  it('answers only GET and HEAD on static routes and the app config (405 with Allow)', async () => {
    for (const method of ['PUT', 'DELETE', 'POST', 'TRACE']) {
      for (const route of ['/', '/index.html', '/app-config.js', '/plugins/x.mjs']) {
        const response = await request(server.port, { method, path: route });
        expect([method, route, response.status]).toEqual([method, route, 405]);
        expect(response.headers.allow).toBe('GET, HEAD');
      }
    }
  });

  it('sends nosniff and a CSP that allows the inline scripts of the served index.html by hash only', async () => {
    const page = await request(server.port, { path: '/' });
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src [^;]*'sha256-[A-Za-z0-9+/=]+'/);
    expect(/script-src ([^;]*)/.exec(csp)![1]).not.toContain('unsafe-inline');
    // 'unsafe-eval' stays: OHIF's Emscripten image codecs need it (viewer/securityHeaders.mjs).
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'self'");
  });

  it('answers only the Host names it is configured for (DNS rebinding), 421 otherwise', async () => {
    expect((await request(server.port, { path: '/app-config.js', headers: { Host: 'attacker.example' } })).status).toBe(421);
    expect((await request(server.port, { path: `${seriesPath()}/metadata`, headers: { Host: `attacker.example:${server.port}` } })).status).toBe(421);
    expect((await request(server.port, { path: '/app-config.js', headers: { Host: `localhost:${server.port}` } })).status).toBe(200);
    expect((await request(server.port, { path: '/app-config.js', headers: { Host: `127.0.0.1:${server.port}` } })).status).toBe(200);
    const named = await startServer(['--dicom-dir', path.join(tmp, 'dicom'), '--allow-host', 'viewer.hospital.example']);
    expect((await request(named.port, { path: '/app-config.js', headers: { Host: 'viewer.hospital.example' } })).status).toBe(200);
    expect((await request(named.port, { path: '/app-config.js', headers: { Host: 'other.example' } })).status).toBe(421);
  });

  it('drops a client that stops reading a large response instead of holding it', async () => {
    const slow = await startServer(['--dicom-dir', path.join(tmp, 'dicom'), '--send-timeout', '1']);
    const size = 64 * 1024 * 1024;
    fs.writeFileSync(path.join(tmp, 'ohif', 'big.js'), Buffer.alloc(size, 32));
    const socket = net.connect(slow.port, '127.0.0.1');
    socket.write(`GET /big.js HTTP/1.1\r\nHost: 127.0.0.1:${slow.port}\r\n\r\n`);
    socket.pause();
    // A paused socket sees no close; read again after the send timeout and count what still arrives.
    await new Promise((r) => setTimeout(r, 2500));
    const received = await new Promise<number>((resolve) => {
      let bytes = 0;
      socket.on('data', (chunk: Buffer) => (bytes += chunk.length));
      socket.on('close', () => resolve(bytes));
      socket.on('error', () => resolve(bytes));
      socket.resume();
    });
    expect(received).toBeLessThan(size);
    expect(await alive(slow.port)).toBe(200);
  }, 20_000);
});

describe('embedded DICOMweb server: STOW-RS into its own store', () => {
  function multipart(parts: Buffer[], boundary = 'stow-test-boundary'): Buffer {
    const chunks: Buffer[] = [];
    for (const part of parts) chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), part, Buffer.from('\r\n'));
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    return Buffer.concat(chunks);
  }
  function post(port: number, route: string, body: Buffer): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: route, method: 'POST', headers: { 'Content-Type': 'multipart/related; type="application/dicom"; boundary=stow-test-boundary', 'Content-Length': body.length } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  it('stores an instance into the store folder (never the DICOM folder), serves it at once and after a restart', async () => {
    const store = path.join(tmp, 'stow-store');
    const viewer = await startServer(['--dicom-dir', path.join(tmp, 'dicom'), '--store-dir', store]);
    const newSeries: SeriesInfo = { seriesInstanceUid: deterministicUid('hardening stored series'), seriesNumber: 9, seriesDescription: 'STORED', bodyPartExamined: 'LEG' };
    const part10 = Buffer.from(ctSliceToPart10(volume, 1, study, newSeries));
    const dicomBefore = fs.readdirSync(path.join(tmp, 'dicom')).sort();
    const stored = await post(viewer.port, `/dicom-web/studies/${study.studyInstanceUid}`, multipart([part10]));
    expect(stored.status).toBe(200);
    const reply = JSON.parse(stored.body.toString());
    expect(reply['00081199'].Value).toHaveLength(1);
    expect(fs.readdirSync(path.join(tmp, 'dicom')).sort()).toEqual(dicomBefore);
    expect(fs.readdirSync(store).filter((f) => f.endsWith('.dcm'))).toHaveLength(1);
    const seriesList = JSON.parse((await request(viewer.port, { path: `/dicom-web/studies/${study.studyInstanceUid}/series` })).body.toString());
    expect(seriesList.map((s: Record<string, { Value: string[] }>) => s['0020000E'].Value[0])).toContain(newSeries.seriesInstanceUid);
    viewer.child.kill();
    const again = await startServer(['--dicom-dir', path.join(tmp, 'dicom'), '--store-dir', store]);
    const after = JSON.parse((await request(again.port, { path: `/dicom-web/studies/${study.studyInstanceUid}/series` })).body.toString());
    expect(after.map((s: Record<string, { Value: string[] }>) => s['0020000E'].Value[0])).toContain(newSeries.seriesInstanceUid);
  }, 20_000);

  it('refuses parts that are not DICOM, instances of another study, and non-multipart bodies', async () => {
    const viewer = await startServer(['--dicom-dir', path.join(tmp, 'dicom'), '--store-dir', path.join(tmp, 'stow-refuse')]);
    expect((await post(viewer.port, '/dicom-web/studies', multipart([Buffer.from('not dicom at all')]))).status).toBe(409);
    const other = Buffer.from(ctSliceToPart10(volume, 0, { ...study, studyInstanceUid: deterministicUid('another study') }, series));
    expect((await post(viewer.port, `/dicom-web/studies/${study.studyInstanceUid}`, multipart([other]))).status).toBe(409);
    const plain = await new Promise<number>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port: viewer.port, path: '/dicom-web/studies', method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.end('{}');
    });
    expect(plain).toBe(415);
    expect(await alive(viewer.port)).toBe(200);
  }, 20_000);
});

describe('PACS proxy against a broken PACS', () => {
  it('answers 502 for invalid status codes such as 099 and 000, and keeps serving', async () => {
    // The startup lookup of the sample study meets the same PACS and gives up after 3 s.
    for (const status of ['099', '000']) {
      const pacs = net.createServer((socket) => {
        socket.on('data', () => socket.end(`HTTP/1.1 ${status} Odd\r\nContent-Length: 2\r\n\r\n[]`));
      });
      const pacsPort = await listen(pacs);
      try {
        const viewer = await startServer(['--pacs', `http://127.0.0.1:${pacsPort}/dicom-web`]);
        const response = await request(viewer.port, { path: '/dicom-web/studies' });
        expect(response.status).toBe(502);
        expect(await alive(viewer.port)).toBe(200);
        expect(viewer.child.exitCode).toBeNull();
      } finally {
        pacs.close();
      }
    }
  }, 30_000);

  it('gives up on a PACS that never answers, and breaks the response of one that stops mid-body', async () => {
    const held: net.Socket[] = [];
    const pacs = net.createServer((socket) => {
      held.push(socket);
      socket.on('data', (data) => {
        if (data.toString().includes('/stall-body')) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n[{"half":');
        // "/silent": never a byte back.
      });
    });
    const pacsPort = await listen(pacs);
    try {
      const viewer = await startServer(['--pacs', `http://127.0.0.1:${pacsPort}/dicom-web`, '--upstream-timeout', '1']);
      const started = Date.now();
      expect((await request(viewer.port, { path: '/dicom-web/silent' })).status).toBe(502);
      expect(Date.now() - started).toBeLessThan(5000);
      await expect(request(viewer.port, { path: '/dicom-web/stall-body' })).rejects.toThrow(/aborted|socket hang up|ECONNRESET/);
      expect(await alive(viewer.port)).toBe(200);
    } finally {
      for (const socket of held) socket.destroy();
      pacs.close();
    }
  }, 20_000);

  it('cancels the PACS request when the client goes away', async () => {
    let inFlight = 0;
    const pacs = http.createServer((req, res) => {
      if (req.url?.includes('SYNTHETIC')) return res.end('[]');
      inFlight += 1;
      res.on('close', () => (inFlight -= 1));
      // Never answers: only the proxy giving up on it ends the request.
    });
    const pacsPort = await listen(pacs);
    try {
      const viewer = await startServer(['--pacs', `http://127.0.0.1:${pacsPort}/dicom-web`]);
      const clients = Array.from({ length: 5 }, () => {
        const req = http.request({ host: '127.0.0.1', port: viewer.port, path: '/dicom-web/studies' });
        req.on('error', () => undefined);
        req.end();
        return req;
      });
      for (let i = 0; i < 50 && inFlight < 5; i += 1) await new Promise((r) => setTimeout(r, 50));
      expect(inFlight).toBe(5);
      for (const req of clients) req.destroy();
      for (let i = 0; i < 60 && inFlight > 0; i += 1) await new Promise((r) => setTimeout(r, 50));
      expect(inFlight).toBe(0);
    } finally {
      pacs.closeAllConnections();
      pacs.close();
    }
  }, 20_000);

  it('strips hop-by-hop headers both ways, including those named in Connection and the proxy credentials', async () => {
    let seen: http.IncomingHttpHeaders = {};
    const pacs = http.createServer((req, res) => {
      seen = req.headers;
      res.writeHead(200, { Connection: 'X-Pacs-Internal', 'X-Pacs-Internal': 'secret', 'Proxy-Authenticate': 'Basic realm="pacs"', 'X-Kept': 'yes', 'Content-Type': 'application/dicom+json' });
      res.end('[]');
    });
    const pacsPort = await listen(pacs);
    try {
      const viewer = await startServer(['--pacs', `http://127.0.0.1:${pacsPort}/dicom-web`]);
      const response = await request(viewer.port, {
        path: '/dicom-web/studies',
        headers: { Connection: 'keep-alive, X-Client-Secret', 'X-Client-Secret': 'no', 'Proxy-Authorization': 'Basic eDp5', Authorization: 'Bearer kept' },
      });
      expect(response.status).toBe(200);
      expect(seen['x-client-secret']).toBeUndefined();
      expect(seen['proxy-authorization']).toBeUndefined();
      expect(seen.authorization).toBe('Bearer kept');
      expect(response.headers['x-pacs-internal']).toBeUndefined();
      expect(response.headers['proxy-authenticate']).toBeUndefined();
      expect(response.headers['x-kept']).toBe('yes');
    } finally {
      pacs.close();
    }
  });

  it('with DICOMweb at the PACS root, keeps "/" for the viewer and sends "/studies", not "//studies"', async () => {
    const seen: string[] = [];
    const pacs = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(200, { 'Content-Type': 'application/dicom+json' });
      res.end('[]');
    });
    const pacsPort = await listen(pacs);
    try {
      const viewer = await startServer(['--pacs', `http://127.0.0.1:${pacsPort}/`]);
      const page = await request(viewer.port, { path: '/' });
      expect(page.body.toString()).toContain('stand-in OHIF');
      expect((await request(viewer.port, { path: '/dicom-web/studies?limit=1' })).status).toBe(200);
      expect(seen.filter((url) => url !== '/studies?PatientName=*SYNTHETIC*&limit=1')).toEqual(['/studies?limit=1']);
    } finally {
      pacs.close();
    }
  });
});

describe('viewer server options', () => {
  it.each([['--host', '999.1.1.1'], ['--send-timeout', 'soon'], ['--upstream-timeout', '0']])('refuses %s %s with one line and exit 1', async (flag, value) => {
    const child = spawn(process.execPath, [serverScript, '--port', '0', '--ohif-dist', path.join(tmp, 'ohif'), '--plugins-dir', path.join(tmp, 'plugins'), flag, value], { cwd: repoRoot });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain(value);
  });
});
