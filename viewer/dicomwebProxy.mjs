// Forwards DICOMweb requests to a PACS under this server's origin. The browser's Host header is kept, so a PACS
// that builds absolute URLs (e.g. Orthanc's BulkDataURI) points back at us: same origin, allowed under COEP.
// A PACS is not trusted to behave: a broken status line, a stalled or cut body, or a client that goes away must
// never take the server down or leave connections open.
import http from 'node:http';
import https from 'node:https';

/** RFC 9110 7.6.1 hop-by-hop fields, plus the proxy credentials that are meant for us, not for the next hop. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer',
  'proxy-authorization', 'proxy-authenticate'];

/** How long the PACS may stay silent (connecting, before its headers, or mid-body) before we give up on it. */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 60_000;

/**
 * @returns {URL & { basePath: string }} basePath is the DICOMweb root path without a trailing slash: '' when the
 * PACS serves DICOMweb at its root, so requests go to "/studies", never "//studies".
 */
export function parsePacsUrl(pacs) {
  let url;
  try {
    url = new URL(pacs);
  } catch {
    throw new Error(`--pacs must be a DICOMweb root URL such as http://127.0.0.1:8042/dicom-web (got "${pacs}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`--pacs must be an http(s) URL (got "${pacs}")`);
  }
  const basePath = url.pathname.replace(/\/+$/, '');
  return Object.assign(url, { basePath });
}

/**
 * PS3.18 allows `includefield=a,b,c`, and OHIF 3.13 sends it that way; Debian's Orthanc DICOMweb plugin reads only
 * repeated `includefield=a&includefield=b` (it then drops StudyDescription from the study list). Both forms mean
 * the same, so the repeated one is what we forward.
 * @param {string} search the query string, with or without its leading '?'
 */
export function repeatIncludeFields(search) {
  const params = new URLSearchParams(search);
  const fields = params.getAll('includefield').flatMap((value) => value.split(',')).filter(Boolean);
  if (fields.length === 0) return search;
  params.delete('includefield');
  for (const field of fields) params.append('includefield', field);
  return `?${params.toString()}`;
}

/** Copies headers without the hop-by-hop ones, including every field the `Connection` header names. */
export function endToEndHeaders(headers) {
  const named = String(headers.connection ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const drop = new Set([...HOP_BY_HOP, ...named]);
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !drop.has(name.toLowerCase())));
}

function sendBadGateway(res, message) {
  if (res.headersSent) return res.destroy();
  const body = Buffer.from(`${message}\n`);
  res.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length });
  res.end(body);
}

/**
 * @param {URL & { basePath: string }} pacsUrl
 * @param {string} subpath path after the DICOMweb root, with its query string
 */
export function proxyToPacs(req, res, pacsUrl, subpath, { upstreamTimeoutMs = DEFAULT_UPSTREAM_TIMEOUT_MS, sendTimeoutMs = 0, log = console.error } = {}) {
  const client = pacsUrl.protocol === 'https:' ? https : http;
  const upstream = client.request({
    protocol: pacsUrl.protocol,
    hostname: pacsUrl.hostname,
    port: pacsUrl.port || (pacsUrl.protocol === 'https:' ? 443 : 80),
    method: req.method,
    path: `${pacsUrl.basePath}${subpath}`,
    headers: endToEndHeaders(req.headers),
    timeout: upstreamTimeoutMs,
  });
  // While the PACS works the client rightly waits; the upstream timeout guards that wait instead.
  req.socket.setTimeout(0);
  // The client went away before the answer was complete: the PACS request has no one to serve.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  upstream.on('timeout', () => upstream.destroy(new Error(`no answer within ${upstreamTimeoutMs / 1000} s`)));
  upstream.on('response', (upstreamRes) => {
    const status = upstreamRes.statusCode;
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      log(`PACS proxy: ${req.method} ${subpath}: invalid status ${JSON.stringify(upstreamRes.statusCode)} from ${pacsUrl.origin}; answered 502`);
      upstreamRes.destroy();
      upstream.destroy();
      return sendBadGateway(res, `PACS at ${pacsUrl.origin} sent an invalid status code`);
    }
    // A body cut short by the PACS must reach the client as a broken response, never as a complete one.
    upstreamRes.on('aborted', () => res.destroy());
    upstreamRes.on('error', () => res.destroy());
    req.socket.setTimeout(sendTimeoutMs);
    res.writeHead(status, endToEndHeaders(upstreamRes.headers));
    upstreamRes.pipe(res);
  });
  upstream.on('error', (error) => {
    if (res.headersSent) return res.destroy();
    if (res.destroyed) return;
    log(`PACS proxy: ${req.method} ${subpath}: ${error.message}`);
    sendBadGateway(res, `PACS at ${pacsUrl.origin} is unreachable: ${error.message}`);
  });
  req.pipe(upstream);
}
