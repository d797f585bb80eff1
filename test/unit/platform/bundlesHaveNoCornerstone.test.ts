/**
 * The plugins must use the host's Cornerstone: a second copy in our bundles would hold its own state (rendering
 * engines, segmentations) that the viewer never sees. Error messages that Cornerstone's own code carries are the
 * fingerprint: they survive minification, and they are in our bundles only if Cornerstone's code is.
 */
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const pluginsDir = path.join(root, 'dist', 'plugins');

const fingerprints = [
  { text: '@cornerstonejs/core is not initialized, run init() first', source: '@cornerstonejs/core/dist/esm' },
  { text: 'Type is required to set a style', source: '@cornerstonejs/tools/dist/esm' },
];

function filesUnder(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full, ext);
    return entry.name.endsWith(ext) ? [full] : [];
  });
}

describe('built plugin bundles', () => {
  it('contain no copy of Cornerstone (core or tools)', () => {
    if (!fs.existsSync(pluginsDir)) throw new Error(`no ${pluginsDir}: run "npm run build" (npm test does) first`);
    const bundles = filesUnder(pluginsDir, '.mjs');
    expect(bundles.map((f) => path.relative(pluginsDir, f))).toEqual(
      expect.arrayContaining(['bone-segmentation/extension.mjs', 'bone-planning/mode.mjs']),
    );
    for (const { text, source } of fingerprints) {
      // The fingerprint must really be in Cornerstone's code, or its absence below would prove nothing.
      const sourceFiles = filesUnder(path.join(root, 'node_modules', source), '.js');
      expect(sourceFiles.some((f) => fs.readFileSync(f, 'utf8').includes(text))).toBe(true);
      const carriers = bundles.filter((f) => fs.readFileSync(f, 'utf8').includes(text));
      expect(carriers).toEqual([]);
    }
  });
});
