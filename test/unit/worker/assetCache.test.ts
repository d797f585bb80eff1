import { ASSET_CACHE_NAME, AssetFetchError, createAssetFetcher, type CacheLike } from '../../../extensions/bone-segmentation/src/worker/assetCache';

/** A Cache API stand-in that stores bytes per URL, shared by several fetchers like the browser's CacheStorage. */
function memoryCacheStorage(options: { failPut?: boolean } = {}) {
  const stores = new Map<string, Map<string, ArrayBuffer>>();
  const opened: string[] = [];
  const open = async (name: string): Promise<CacheLike> => {
    opened.push(name);
    const store = stores.get(name) ?? new Map<string, ArrayBuffer>();
    stores.set(name, store);
    return {
      match: async (url) => {
        const bytes = store.get(url);
        return bytes ? { arrayBuffer: async () => bytes.slice(0) } : undefined;
      },
      put: async (url, response) => {
        if (options.failPut) throw new Error('QuotaExceededError');
        store.set(url, await response.arrayBuffer());
      },
      delete: async (url) => store.delete(url),
    };
  };
  return { open, stores, opened };
}

function countingFetch(bodies: Record<string, number[] | number>) {
  const calls: string[] = [];
  const fetch = async (url: string): Promise<Response> => {
    calls.push(url);
    const body = bodies[url];
    if (typeof body === 'number') return new Response('nope', { status: body });
    if (!body) throw new TypeError('Failed to fetch');
    return new Response(new Uint8Array(body));
  };
  return { fetch, calls };
}

describe('createAssetFetcher', () => {
  const url = 'http://viewer/plugins/bone-segmentation/bone-coarse.onnx?v=1';

  it('downloads a file once: a second worker (new fetcher) reads it from the cache', async () => {
    const storage = memoryCacheStorage();
    const net = countingFetch({ [url]: [1, 2, 3] });
    const first = createAssetFetcher({ fetch: net.fetch, openCache: storage.open });
    expect(Array.from(new Uint8Array(await first(url)))).toEqual([1, 2, 3]);
    const second = createAssetFetcher({ fetch: net.fetch, openCache: storage.open });
    expect(Array.from(new Uint8Array(await second(url)))).toEqual([1, 2, 3]);
    expect(net.calls).toEqual([url]);
    expect(storage.opened).toContain(ASSET_CACHE_NAME);
  });

  it('without the Cache API it still fetches once per worker', async () => {
    const net = countingFetch({ [url]: [7] });
    const get = createAssetFetcher({ fetch: net.fetch });
    await Promise.all([get(url), get(url)]);
    await get(url);
    expect(net.calls).toHaveLength(1);
  });

  it('reports HTTP and network failures with the URL, and does not cache them', async () => {
    const storage = memoryCacheStorage();
    const net = countingFetch({ [url]: 404 });
    const get = createAssetFetcher({ fetch: net.fetch, openCache: storage.open });
    await expect(get(url)).rejects.toThrow(AssetFetchError);
    await expect(get(url)).rejects.toThrow(`Could not load ${url}: HTTP 404`);
    expect(net.calls).toHaveLength(2);
    expect(storage.stores.get(ASSET_CACHE_NAME)?.size ?? 0).toBe(0);
    await expect(createAssetFetcher({ fetch: net.fetch })('http://viewer/missing.wasm')).rejects.toThrow('Failed to fetch');
  });

  it('a cache that refuses to store does not fail the download', async () => {
    const storage = memoryCacheStorage({ failPut: true });
    const net = countingFetch({ [url]: [9, 9] });
    const bytes = await createAssetFetcher({ fetch: net.fetch, openCache: storage.open })(url);
    expect(bytes.byteLength).toBe(2);
  });

  it('checks every copy: a damaged cached copy is fetched again, damaged downloads are refused and never cached', async () => {
    const good = [1, 2, 3, 4];
    const check = (bytes: Uint8Array): void => {
      if (bytes.join() !== good.join()) throw Object.assign(new Error('checksum mismatch'), { name: 'ModelConfigError' });
    };
    const storage = memoryCacheStorage();
    await storage.open(ASSET_CACHE_NAME);
    storage.stores.get(ASSET_CACHE_NAME)!.set(url, new Uint8Array([9, 9, 9, 9]).buffer);
    const net = countingFetch({ [url]: good });
    const bytes = await createAssetFetcher({ fetch: net.fetch, openCache: storage.open })(url, check);
    expect(Array.from(new Uint8Array(bytes))).toEqual(good);
    expect(net.calls).toEqual([url]);
    expect(Array.from(new Uint8Array(storage.stores.get(ASSET_CACHE_NAME)!.get(url)!))).toEqual(good);

    const other = 'http://viewer/plugins/bone-segmentation/other.onnx?v=1';
    const bad = countingFetch({ [other]: [6, 6] });
    await expect(createAssetFetcher({ fetch: bad.fetch, openCache: storage.open })(other, check)).rejects.toThrow(/checksum mismatch/);
    expect(storage.stores.get(ASSET_CACHE_NAME)!.has(other)).toBe(false);
  });
});
