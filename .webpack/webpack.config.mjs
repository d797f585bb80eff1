// Builds our two OHIF plugins as standalone ES modules that the stock, prebuilt viewer imports by URL
// (window.config.extensions / window.config.modes entries are `import()`ed and their default export used).
// Cornerstone and OHIF are never bundled: the host owns the only copy, see hostExternals.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CopyBesideBundlePlugin } from './copyBesideBundlePlugin.mjs';
import { hostExternals } from './hostExternals.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const swcRule = {
  test: /\.[cm]?tsx?$/,
  exclude: /node_modules/,
  use: {
    loader: 'swc-loader',
    options: {
      jsc: {
        parser: { syntax: 'typescript', tsx: true },
        target: 'es2022',
        transform: { react: { runtime: 'classic' } },
      },
    },
  },
};

/** One ES-module bundle whose default export is the plugin object. */
export function pluginBundle({ name, entry, outDir, filename, copy = [] }, mode) {
  return {
    name,
    mode,
    target: ['web', 'es2022'],
    devtool: mode === 'development' ? 'source-map' : false,
    entry: path.join(root, entry),
    experiments: { outputModule: true },
    output: {
      path: path.join(root, outDir),
      filename,
      // Lazy chunks and `new Worker(new URL('./x.ts', import.meta.url))` resolve against the bundle's own URL,
      // so the plugin works wherever an administrator copies its folder.
      publicPath: 'auto',
      chunkFilename: 'chunks/[name].[contenthash:8].mjs',
      chunkFormat: 'module',
      module: true,
      library: { type: 'module' },
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.tsx', '.mjs', '.js', '.json'],
      // TypeScript sources may import './x.js' meaning './x.ts'.
      extensionAlias: { '.js': ['.ts', '.tsx', '.js'], '.mjs': ['.mts', '.mjs'] },
      // onnxruntime-web: load its wasm runtime from files served beside the bundle instead of inlining ~25 MB.
      conditionNames: ['onnxruntime-web-use-extern-wasm', 'browser', 'import', 'module', 'default'],
    },
    module: { rules: [swcRule] },
    externalsType: 'module',
    externals: [hostExternals],
    plugins: copy.length ? [new CopyBesideBundlePlugin(copy)] : [],
    performance: { hints: false },
    stats: 'errors-warnings',
  };
}

const ortDist = path.join(root, 'node_modules', 'onnxruntime-web', 'dist');

export default (env = {}, argv = {}) => {
  const mode = argv.mode ?? (process.env.NODE_ENV === 'development' ? 'development' : 'production');
  return [
    pluginBundle(
      {
        name: 'bone-segmentation-extension',
        entry: 'extensions/bone-segmentation/src/index.ts',
        outDir: 'dist/plugins/bone-segmentation',
        filename: 'extension.mjs',
        copy: [
          // The model arrives from the training pipeline; until it exists the extension reports "no model".
          { from: path.join(root, 'models', 'bone-coarse', 'bone-coarse.onnx'), optional: true },
          { from: path.join(root, 'models', 'bone-coarse', 'model.json'), optional: true },
          // onnxruntime-web (ort.min.mjs) loads the JSEP build for both wasm and WebGPU; the plain build is kept for
          // the wasm-only entry point.
          { from: path.join(ortDist, 'ort-wasm-simd-threaded.jsep.mjs') },
          { from: path.join(ortDist, 'ort-wasm-simd-threaded.jsep.wasm') },
          { from: path.join(ortDist, 'ort-wasm-simd-threaded.mjs') },
          { from: path.join(ortDist, 'ort-wasm-simd-threaded.wasm') },
        ],
      },
      mode,
    ),
    pluginBundle(
      {
        name: 'bone-planning-mode',
        entry: 'modes/bone-planning/src/index.ts',
        outDir: 'dist/plugins/bone-planning',
        filename: 'mode.mjs',
      },
      mode,
    ),
  ];
};
