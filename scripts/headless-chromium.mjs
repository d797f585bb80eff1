// The one place that says how this project starts Debian's Chromium headless as root with no GPU (flags measured in
// ARCHITECTURE.md: WebGL2 through SwiftShader, nothing that phones home). Used by the e2e fixtures, the browser
// benchmark and the README screenshot script.
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
]);
