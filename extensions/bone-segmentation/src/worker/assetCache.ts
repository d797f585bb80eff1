/**
 * Fetches the model and the onnxruntime-web binary once and keeps them in the Cache API, so a second run (each run
 * gets a fresh worker) reads them from disk instead of the network. Where the Cache API is missing (an insecure
 * origin) it falls back to an in-memory copy for the life of the worker.
 */

export interface CacheLike {
  match(url: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer> } | undefined>;
  put(url: string, response: Response): Promise<void>;
  delete?(url: string): Promise<boolean>;
}

/** Throws when the bytes are not the expected file (a checksum); such bytes are never cached or returned. */
export type AssetCheck = (bytes: Uint8Array) => void;

export interface AssetFetcherDeps {
  fetch: (url: string) => Promise<Response>;
  /** Opens the named cache; undefined where the Cache API is unavailable. */
  openCache?: (name: string) => Promise<CacheLike>;
}

/** Bump when the cached files' meaning changes; the version of each file is also in its URL's query if needed. */
export const ASSET_CACHE_NAME = 'bone-segmentation-assets-v1';

export class AssetFetchError extends Error {
  constructor(readonly url: string, detail: string) {
    super(`Could not load ${url}: ${detail}`);
    this.name = 'AssetFetchError';
  }
}

export function createAssetFetcher(deps: AssetFetcherDeps): (url: string, check?: AssetCheck) => Promise<ArrayBuffer> {
  const memory = new Map<string, Promise<ArrayBuffer>>();
  let cachePromise: Promise<CacheLike | undefined> | undefined;

  const cache = (): Promise<CacheLike | undefined> => {
    cachePromise ??= deps.openCache ? deps.openCache(ASSET_CACHE_NAME).catch(() => undefined) : Promise.resolve(undefined);
    return cachePromise;
  };

  const load = async (url: string, check?: AssetCheck): Promise<ArrayBuffer> => {
    const store = await cache();
    const hit = await store?.match(url).catch(() => undefined);
    if (hit) {
      const cached = await hit.arrayBuffer();
      try {
        check?.(new Uint8Array(cached));
        return cached;
      } catch {
        // A damaged cached copy: drop it and fetch the file again rather than fail every run from now on.
        await store?.delete?.(url).catch(() => false);
      }
    }
    let response: Response;
    try {
      response = await deps.fetch(url);
    } catch (error) {
      throw new AssetFetchError(url, error instanceof Error ? error.message : String(error));
    }
    if (!response.ok) throw new AssetFetchError(url, `HTTP ${response.status}`);
    const bytes = await response.arrayBuffer();
    check?.(new Uint8Array(bytes));
    // Caching is an optimisation: a full disk or a refused put must not fail the run.
    if (store) await store.put(url, new Response(bytes.slice(0))).catch(() => undefined);
    return bytes;
  };

  return (url: string, check?: AssetCheck) => {
    let pending = memory.get(url);
    if (!pending) {
      pending = load(url, check);
      memory.set(url, pending);
      pending.catch(() => memory.delete(url));
    }
    return pending;
  };
}
