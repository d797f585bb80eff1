// Static files with an SPA fallback: OHIF routes such as /bone-planning?StudyInstanceUIDs=... get index.html.
import fs from 'node:fs';
import path from 'node:path';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.gif': 'image/gif',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.onnx': 'application/octet-stream',
};

export function contentType(file) {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Resolves a URL path inside root, refusing anything that escapes it. */
export function resolveInside(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const full = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  return full === root || full.startsWith(root + path.sep) ? full : null;
}

function isFile(file) {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function sendFile(req, res, file, { cache = 'no-cache' } = {}) {
  const stat = fs.statSync(file);
  // Revalidation by ETag keeps "no-cache" cheap: the 28 MB wasm runtime is not re-sent on every page load.
  const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { ETag: etag, 'Cache-Control': cache });
    return res.end();
  }
  res.writeHead(200, { 'Content-Type': contentType(file), 'Content-Length': stat.size, 'Cache-Control': cache, ETag: etag });
  if (req.method === 'HEAD') return res.end();
  fs.createReadStream(file).pipe(res);
}

export function sendText(res, status, message, headers = {}) {
  const body = Buffer.from(`${message}\n`);
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length, ...headers });
  res.end(body);
}

export function sendNotFound(res, what) {
  sendText(res, 404, `Not found: ${what}`);
}

/** Static files and the app config are read-only. */
export function sendMethodNotAllowed(res, allow = 'GET, HEAD') {
  sendText(res, 405, 'method not allowed', { Allow: allow });
}

/** Serves `urlPath` from `root`; paths without a file extension fall back to index.html (client-side routes). */
export function serveStatic(req, res, root, urlPath, { spaFallback = false } = {}) {
  const file = resolveInside(root, urlPath);
  if (file && isFile(file)) {
    // OHIF's bundle names carry content hashes; everything else must revalidate.
    const hashed = /\.[0-9a-f]{16}\.(js|wasm)$|\.[0-9a-f]{16}\.wasm$/.test(file);
    return sendFile(req, res, file, { cache: hashed ? 'public, max-age=31536000, immutable' : 'no-cache' });
  }
  if (spaFallback && !path.extname(urlPath)) return sendFile(req, res, path.join(root, 'index.html'));
  return sendNotFound(res, urlPath);
}
