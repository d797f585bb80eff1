// Headers every response carries besides cross-origin isolation (isolationHeaders.mjs). The Content-Security-Policy
// is the strictest one found under which the stock OHIF 3.13 build and our bundles still work; the browser e2e
// suite (test/e2e/viewer-platform.test.ts) fails on any CSP violation while a study is segmented:
//   - script-src: no 'unsafe-inline'; OHIF's index.html has two small inline scripts, allowed by their sha256,
//     computed from the index.html actually served. onnxruntime-web compiles WebAssembly: 'wasm-unsafe-eval'
//     (not 'unsafe-eval'). blob: for the workers Cornerstone and onnxruntime-web build from blobs.
//   - style-src 'unsafe-inline': OHIF's React UI sets inline styles.
//   - img-src data: blob: for icons and thumbnails; connect-src 'self' for DICOMweb (always same origin here).
import crypto from 'node:crypto';
import fs from 'node:fs';

/** 'sha256-...' sources for every inline <script> of an HTML page. */
export function inlineScriptHashes(html) {
  const hashes = [];
  for (const match of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
    const [, attributes = '', body] = match;
    if (/\ssrc\s*=/.test(attributes) || body === '') continue;
    hashes.push(`'sha256-${crypto.createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
  return hashes;
}

export function contentSecurityPolicy(scriptHashes = []) {
  return [
    "default-src 'self'",
    ["script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval' blob:", ...scriptHashes].join(' '),
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self' blob: data:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** The headers for a server whose pages come from `indexHtmlFile` (missing file: no inline script allowed). */
export function securityHeaders(indexHtmlFile) {
  let html = '';
  try {
    html = fs.readFileSync(indexHtmlFile, 'utf8');
  } catch {
    // The server refuses to start without the OHIF folder; a missing index.html only means no inline scripts.
  }
  return {
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': contentSecurityPolicy(inlineScriptHashes(html)),
    'Referrer-Policy': 'no-referrer',
  };
}
