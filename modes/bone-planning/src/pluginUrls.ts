declare const __webpack_public_path__: string;

/**
 * The URL of our extension bundle. A mode's `extensions` map is import()ed by the host, so its keys must be
 * URLs (a bare package id is unknown to the prebuilt viewer and breaks the route). The two plugin folders are
 * deployed side by side (plugins/bone-planning/, plugins/bone-segmentation/), so the extension is found
 * relative to this bundle's own URL (webpack's publicPath 'auto' is derived from import.meta.url).
 */
export function extensionBundleUrl(): string {
  return new URL('../bone-segmentation/extension.mjs', __webpack_public_path__).href;
}
