declare const __webpack_public_path__: string;

/** Package name (= extension id) of our extension; a source build of OHIF resolves it by this name. */
export const EXTENSION_PACKAGE = 'ohif-extension-bone-segmentation';

/**
 * The URL of our extension bundle. A mode's `extensions` map is import()ed by the host, so with the prebuilt
 * viewer its keys must be URLs (a bare package id is unknown there and breaks the route). The two plugin folders
 * are deployed side by side (plugins/bone-planning/, plugins/bone-segmentation/), so the extension is found
 * relative to this bundle's own URL (webpack's publicPath 'auto' is derived from import.meta.url).
 */
export function extensionBundleUrl(): string {
  return new URL('../bone-segmentation/extension.mjs', __webpack_public_path__).href;
}

/**
 * The key under which the mode lists our extension: the package name when the host knows it (OHIF built from
 * source with our packages compiled in), otherwise the runtime bundle URL.
 */
export async function extensionKey(loadModules: (names: string[]) => Promise<unknown[]>): Promise<string> {
  try {
    const [extension] = await loadModules([EXTENSION_PACKAGE]);
    if (extension) return EXTENSION_PACKAGE;
  } catch {
    // The prebuilt viewer cannot import a bare package name: use the URL.
  }
  return extensionBundleUrl();
}
