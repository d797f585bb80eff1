/**
 * Headless Chromium as every browser-driving tool here launches it (e2e tests, `npm run bench -- --target browser`,
 * the README screenshot). Flags that worked for Debian's Chromium as root with no GPU (see ARCHITECTURE.md): WebGL2
 * through SwiftShader, and nothing that phones home (the e2e runs without network anyway).
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];
