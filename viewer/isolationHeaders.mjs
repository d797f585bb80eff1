// Cross-origin isolation: with these on every response the page gets SharedArrayBuffer, so onnxruntime-web
// runs multi-threaded. COEP require-corp blocks any subresource without CORP, hence CORP on everything we send.
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Makes every writeHead of this response carry the isolation headers (proxied responses included). */
export function enforceIsolationHeaders(res) {
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(name, value);
  const writeHead = res.writeHead.bind(res);
  res.writeHead = (status, ...rest) => {
    const headers = rest.find((arg) => arg && typeof arg === 'object');
    if (headers) {
      for (const name of Object.keys(headers)) {
        if (Object.keys(ISOLATION_HEADERS).some((h) => h.toLowerCase() === name.toLowerCase())) delete headers[name];
      }
      Object.assign(headers, ISOLATION_HEADERS);
    }
    return writeHead(status, ...rest);
  };
}
