/**
 * Fetches the model and the onnxruntime-web binary once and keeps them in the Cache API, so a second run (each run
 * gets a fresh worker) reads them from disk instead of the network. Where the Cache API is missing (an insecure
 * origin) it falls back to an in-memory copy for the life of the worker.
 */

export interface CacheLike {
  match(url: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer> } | undefined>;
  put(url: string, response: Response): Promise<void>;
}

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

export function createAssetFetcher(deps: AssetFetcherDeps): (url: string) => Promise<ArrayBuffer> {
  const memory = new Map<string, Promise<ArrayBuffer>>();
  let cachePromise: Promise<CacheLike | undefined> | undefined;

  const cache = (): Promise<CacheLike | undefined> => {
    cachePromise ??= deps.openCache ? deps.openCache(ASSET_CACHE_NAME).catch(() => undefined) : Promise.resolve(undefined);
    return cachePromise;
  };

  const load = async (url: string): Promise<ArrayBuffer> => {
    const store = await cache();
    const hit = await store?.match(url).catch(() => undefined);
    if (hit) return hit.arrayBuffer();
    let response: Response;
    try {
      response = await deps.fetch(url);
    } catch (error) {
      throw new AssetFetchError(url, error instanceof Error ? error.message : String(error));
    }
    if (!response.ok) throw new AssetFetchError(url, `HTTP ${response.status}`);
    // Caching is an optimisation: a full disk or a refused put must not fail the run.
    if (store) await store.put(url, response.clone()).catch(() => undefined);
    return response.arrayBuffer();
  };

  return (url: string) => {
    let pending = memory.get(url);
    if (!pending) {
      pending = load(url);
      memory.set(url, pending);
      pending.catch(() => memory.delete(url));
    }
    return pending;
  };
}
