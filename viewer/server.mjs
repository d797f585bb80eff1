#!/usr/bin/env node
// The local viewer: stock OHIF (prebuilt, from .cache/) + our plugin bundles + DICOMweb on the same origin,
// cross-origin isolated. Used by `npm start` and by the end-to-end tests.
//   node viewer/server.mjs [--port 3000] [--host 127.0.0.1] [--allow-host name]... [--dicom-dir <folder> | --pacs <URL>]
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DICOMWEB_PATH, renderAppConfig } from './appConfig.mjs';
import { DEFAULT_UPSTREAM_TIMEOUT_MS, parsePacsUrl, proxyToPacs, repeatIncludeFields } from './dicomwebProxy.mjs';
import { createHostCheck } from './hostCheck.mjs';
import { createEmbeddedDicomWeb } from './dicomweb/embeddedDicomWeb.mjs';
import { enforceIsolationHeaders } from './isolationHeaders.mjs';
import { securityHeaders } from './securityHeaders.mjs';
import { findSampleStudyOnPacs } from './findSampleStudy.mjs';
import { sendMethodNotAllowed, sendNotFound, sendText, serveStatic } from './staticFiles.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OHIF_DIST = path.join(ROOT, '.cache', 'ohif-app-3.13.2', 'dist');
export const DEFAULT_PLUGINS_DIR = path.join(ROOT, 'dist', 'plugins');
export const BONE_PLANNING_ROUTE = '/bone-planning';
/** Where the embedded DICOMweb server keeps what the viewer stores (STOW-RS), apart from the DICOM folder it reads. */
export const DEFAULT_STORE_DIR = path.join(ROOT, '.cache', 'stored-dicom');
/** A client that takes no bytes for this long is dropped: a reader that never reads must not hold a response. */
export const DEFAULT_SEND_TIMEOUT_MS = 30_000;

/** A problem with the options or the files; the CLI prints its message as one line and exits 1. */
export class ViewerServerError extends Error {}

function checkDir(dir, what, hint) {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new ViewerServerError(`${what} not found at ${dir}${hint ? ` (${hint})` : ''}`);
  }
}

/**
 * Starts the viewer server. Resolves once it listens.
 * @param {{ port?: number, host?: string, pacs?: string, dicomDir?: string, ohifDist?: string,
 *           pluginsDir?: string, allowedHosts?: string[], sendTimeoutMs?: number, upstreamTimeoutMs?: number,
 *           storeDir?: string }} options  storeDir: where the embedded server writes what the viewer stores
 *   port 0 picks a free port; allowedHosts are Host names answered besides the bound address and localhost.
 * @returns {Promise<{ url: string, port: number, studyInstanceUid: string|null, bonePlanningUrl: string|null,
 *                     server: http.Server, close: () => Promise<void> }>}
 */
export async function startViewerServer(options = {}) {
  const {
    port = Number(process.env.PORT ?? 3000),
    host = '127.0.0.1',
    pacs,
    dicomDir,
    ohifDist = DEFAULT_OHIF_DIST,
    pluginsDir = DEFAULT_PLUGINS_DIR,
    allowedHosts = [],
    sendTimeoutMs = DEFAULT_SEND_TIMEOUT_MS,
    upstreamTimeoutMs = DEFAULT_UPSTREAM_TIMEOUT_MS,
    storeDir = DEFAULT_STORE_DIR,
  } = options;
  if (pacs && dicomDir) throw new ViewerServerError('use either --pacs or --dicom-dir, not both');
  checkDir(ohifDist, 'OHIF viewer', 'run `node scripts/bootstrap.mjs` first');
  checkDir(pluginsDir, 'plugin bundles', 'run `npm run build` first');

  let pacsUrl = null;
  if (pacs) {
    try {
      pacsUrl = parsePacsUrl(pacs);
    } catch (error) {
      throw new ViewerServerError(error.message);
    }
  }
  let embedded = null;
  if (dicomDir) {
    checkDir(dicomDir, 'DICOM folder');
    embedded = await createEmbeddedDicomWeb(path.resolve(dicomDir), { storeDir: path.resolve(storeDir) });
    if (embedded.skipped.length) {
      const reasons = [...new Set(embedded.skipped.map((s) => s.reason))].join('; ');
      console.warn(`Skipped ${embedded.skipped.length} file(s) in ${dicomDir}: ${reasons}`);
    }
    if (embedded.studies.size === 0) throw new ViewerServerError(`no usable DICOM studies in ${dicomDir}`);
  }
  const appConfig = renderAppConfig({ friendlyName: pacsUrl ? `PACS ${pacsUrl.host}` : 'Local DICOM folder' });
  // A PACS may write absolute URLs under its own root path (e.g. /orthanc/dicom-web/...): proxy that path too.
  // A PACS with DICOMweb at its root has no own path to proxy: the viewer's "/" stays the viewer's.
  const pacsOwnPath = pacsUrl && pacsUrl.basePath && pacsUrl.basePath !== DICOMWEB_PATH ? pacsUrl.basePath : null;
  const hostAllowed = createHostCheck(host, allowedHosts);
  const extraHeaders = securityHeaders(path.join(ohifDist, 'index.html'));
  const isReadMethod = (req) => req.method === 'GET' || req.method === 'HEAD';

  const handler = async (req, res) => {
    enforceIsolationHeaders(res);
    for (const [name, value] of Object.entries(extraHeaders)) res.setHeader(name, value);
    // DNS rebinding: a page on attacker.example that resolves to 127.0.0.1 sends its own name as Host.
    if (!hostAllowed(req.headers.host)) {
      console.error(`viewer server: refused Host ${JSON.stringify(req.headers.host ?? '')} (allow it with --allow-host)`);
      return sendText(res, 421, 'unknown Host; start the server with --allow-host <name> to serve this name');
    }
    // Prefixed, not resolved against a base: a path such as "//" would parse as a host-relative URL and throw.
    let url;
    try {
      url = new URL(`http://localhost${req.url?.startsWith('/') ? req.url : '/'}`);
    } catch {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      return res.end('bad request\n');
    }
    const { pathname } = url;
    try {
      if (pathname === '/app-config.js') {
        if (!isReadMethod(req)) return sendMethodNotAllowed(res);
        const body = Buffer.from(appConfig);
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Content-Length': body.length, 'Cache-Control': 'no-cache' });
        return res.end(req.method === 'HEAD' ? undefined : body);
      }
      if (pathname.startsWith('/plugins/')) {
        if (!isReadMethod(req)) return sendMethodNotAllowed(res);
        return serveStatic(req, res, pluginsDir, pathname.slice('/plugins'.length));
      }
      const dicomwebSubpath = pathname === DICOMWEB_PATH || pathname.startsWith(`${DICOMWEB_PATH}/`)
        ? pathname.slice(DICOMWEB_PATH.length)
        : pacsOwnPath && (pathname === pacsOwnPath || pathname.startsWith(`${pacsOwnPath}/`))
          ? pathname.slice(pacsOwnPath.length)
          : null;
      if (dicomwebSubpath !== null) {
        if (pacsUrl) {
          return proxyToPacs(req, res, pacsUrl, `${dicomwebSubpath}${repeatIncludeFields(url.search)}`, { upstreamTimeoutMs, sendTimeoutMs });
        }
        if (embedded) return await embedded.handle(req, res, dicomwebSubpath, url.searchParams);
        return sendNotFound(res, 'no DICOMweb source configured (start with --dicom-dir or --pacs)');
      }
      if (!isReadMethod(req)) return sendMethodNotAllowed(res);
      return serveStatic(req, res, ohifDist, pathname, { spaFallback: true });
    } catch (error) {
      // A malformed %-escape is the client's mistake, not ours.
      if (error instanceof URIError) {
        if (!res.headersSent) return sendText(res, 400, 'malformed %-escape in the URL');
        return res.destroy();
      }
      console.error(`viewer server: ${req.method} ${req.url}: ${error.stack ?? error}`);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('internal error\n');
      } else res.destroy();
    }
  };

  const server = http.createServer((req, res) => void handler(req, res));
  // Idle sockets are dropped: Node applies this to every request, and the proxy lifts it while the PACS thinks.
  server.timeout = sendTimeoutMs;
  await new Promise((resolve, reject) => {
    server.once('error', (error) =>
      reject(error.code === 'EADDRINUSE'
        ? new ViewerServerError(`port ${port} on ${host} is already in use (set --port or PORT)`)
        : new ViewerServerError(`cannot listen on ${host}:${port} (${error.code ?? error.message})`)),
    );
    try {
      server.listen(port, host, resolve);
    } catch (error) {
      reject(new ViewerServerError(`cannot listen on ${host}:${port} (${error.code ?? error.message})`));
    }
  });
  const actualPort = server.address().port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const origin = `http://${shownHost}:${actualPort}`;

  let studyInstanceUid = embedded?.defaultStudyUid() ?? null;
  if (pacsUrl) studyInstanceUid = await findSampleStudyOnPacs(pacsUrl);
  const bonePlanningUrl = studyInstanceUid
    ? `${origin}${BONE_PLANNING_ROUTE}?StudyInstanceUIDs=${encodeURIComponent(studyInstanceUid)}`
    : null;

  return {
    server,
    port: actualPort,
    url: `${origin}/`,
    studyInstanceUid,
    bonePlanningUrl,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections?.();
    }),
  };
}

function parseCli(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      pacs: { type: 'string' },
      'dicom-dir': { type: 'string' },
      // Advanced: serve another OHIF build or plugin folder (tests use small stand-ins).
      'ohif-dist': { type: 'string' },
      'plugins-dir': { type: 'string' },
      'allow-host': { type: 'string', multiple: true },
      'store-dir': { type: 'string' },
      // Seconds; a client that reads nothing for send-timeout is dropped, a PACS silent for upstream-timeout is.
      'send-timeout': { type: 'string' },
      'upstream-timeout': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log('usage: node viewer/server.mjs [--port N] [--host 127.0.0.1] [--allow-host <name>]... [--send-timeout s] [--upstream-timeout s]\n' +
      '                             [--dicom-dir <folder> | --pacs <DICOMweb root URL>]');
    process.exit(0);
  }
  const portText = values.port ?? process.env.PORT ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ViewerServerError(`invalid port "${portText}"`);
  const seconds = (name, fallbackMs) => {
    if (values[name] === undefined) return fallbackMs;
    const value = Number(values[name]);
    if (!(value > 0 && value <= 3600)) throw new ViewerServerError(`--${name} must be a number of seconds between 0 and 3600 (got "${values[name]}")`);
    return Math.round(value * 1000);
  };
  return {
    port,
    host: values.host ?? '127.0.0.1',
    pacs: values.pacs,
    dicomDir: values['dicom-dir'],
    ...(values['store-dir'] ? { storeDir: path.resolve(values['store-dir']) } : {}),
    sendTimeoutMs: seconds('send-timeout', DEFAULT_SEND_TIMEOUT_MS),
    upstreamTimeoutMs: seconds('upstream-timeout', DEFAULT_UPSTREAM_TIMEOUT_MS),
    allowedHosts: [...(values['allow-host'] ?? []), ...(process.env.ALLOWED_HOSTS ?? '').split(',').filter(Boolean)],
    ...(values['ohif-dist'] ? { ohifDist: path.resolve(values['ohif-dist']) } : {}),
    ...(values['plugins-dir'] ? { pluginsDir: path.resolve(values['plugins-dir']) } : {}),
  };
}

/** Prints the lines people (and tests) look for: "Viewer: <url>" and the direct bone-planning link. */
export function printReady(started, log = console.log) {
  log(`Viewer: ${started.url}`);
  if (started.bonePlanningUrl) log(`Bone planning: ${started.bonePlanningUrl}`);
  else log('Bone planning: open a CT study from the study list and choose "Bone planning".');
}

export async function main(argv = process.argv.slice(2)) {
  try {
    const started = await startViewerServer(parseCli(argv));
    printReady(started);
    const stop = () => started.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return started;
  } catch (error) {
    if (error instanceof ViewerServerError || error?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || error?.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      // parseArgs explains over three lines; one is what a script or a person reads.
      console.error(error.message.split('\n')[0]);
      process.exit(1);
    }
    throw error;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
