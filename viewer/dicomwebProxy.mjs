// Forwards DICOMweb requests to a PACS under this server's origin. The browser's Host header is kept, so a PACS
// that builds absolute URLs (e.g. Orthanc's BulkDataURI) points back at us: same origin, allowed under COEP.
import http from 'node:http';
import https from 'node:https';

const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer'];

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
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
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

/** @param {URL} pacsUrl  @param {string} subpath path after the DICOMweb root, with its query string */
export function proxyToPacs(req, res, pacsUrl, subpath) {
  const client = pacsUrl.protocol === 'https:' ? https : http;
  const headers = { ...req.headers };
  for (const name of HOP_BY_HOP) delete headers[name];
  const upstream = client.request(
    {
      protocol: pacsUrl.protocol,
      hostname: pacsUrl.hostname,
      port: pacsUrl.port || (pacsUrl.protocol === 'https:' ? 443 : 80),
      method: req.method,
      path: `${pacsUrl.pathname}${subpath}`,
      headers,
    },
    (upstreamRes) => {
      const responseHeaders = { ...upstreamRes.headers };
      for (const name of HOP_BY_HOP) delete responseHeaders[name];
      res.writeHead(upstreamRes.statusCode ?? 502, responseHeaders);
      upstreamRes.pipe(res);
    },
  );
  upstream.on('error', (error) => {
    if (res.headersSent) return res.destroy(error);
    const body = Buffer.from(`PACS at ${pacsUrl.origin} is unreachable: ${error.message}\n`);
    res.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length });
    res.end(body);
  });
  req.pipe(upstream);
}
