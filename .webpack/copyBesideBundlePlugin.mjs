// Emits runtime files (model, onnxruntime-web wasm) into the bundle's output folder, so the plugin folder is
// self-contained: copy it anywhere and its worker finds them relative to the bundle URL.
import fs from 'node:fs';
import path from 'node:path';

export class CopyBesideBundlePlugin {
  /** @param {{ from: string, to?: string, optional?: boolean }[]} files */
  constructor(files) {
    this.files = files;
  }

  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap('CopyBesideBundlePlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'CopyBesideBundlePlugin', stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => {
          for (const { from, to = path.basename(from), optional = false } of this.files) {
            compilation.fileDependencies.add(from);
            if (!fs.existsSync(from)) {
              if (!optional) compilation.errors.push(new Error(`CopyBesideBundlePlugin: missing ${from}`));
              continue;
            }
            compilation.emitAsset(to, new sources.RawSource(fs.readFileSync(from)), { copied: true });
          }
        },
      );
    });
  }
}
