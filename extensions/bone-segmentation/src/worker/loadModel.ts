/**
 * Loads model.json, the network and onnxruntime-web inside the worker. The .onnx file and the ~14-28 MB wasm binary
 * come through the asset cache (fetched once, then from the Cache API); the runtime picks WebGPU when an adapter
 * exists and wasm otherwise, with as many threads as cross-origin isolation allows.
 */
import { parseModelConfig } from '../core/model-config';
import { verifyModelBytes } from '../core/model-integrity';
import type { RunRequest } from './protocol';
import type { StageTiming } from './protocol';
import type { LoadedModel } from './runHandler';
import { createAssetFetcher } from './assetCache';
import { planBackend } from './backendPlan';
import { ModelLoadError, OrtModelRunner, type OrtModule } from './ortRunner';

type OrtWithEnv = OrtModule & { env: typeof import('onnxruntime-web').env };

interface WorkerGlobals {
  crossOriginIsolated?: boolean;
  caches?: CacheStorage;
  navigator: { hardwareConcurrency?: number };
}

const globals = globalThis as unknown as WorkerGlobals;

const fetchAsset = createAssetFetcher({
  fetch: (url) => fetch(url),
  openCache: globals.caches ? (name) => globals.caches!.open(name) : undefined,
});

/** A short fingerprint of model.json: a retrained model comes with a new description, hence a new cache key. */
export function fingerprint(text: string): string {
  let h = 5381;
  for (let i = 0; i < text.length; i++) h = ((h * 33) ^ text.charCodeAt(i)) >>> 0;
  return h.toString(36);
}

async function fetchJson(url: string): Promise<{ json: unknown; text: string }> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new ModelLoadError(`${url} could not be fetched (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!response.ok) throw new ModelLoadError(`${url} answered HTTP ${response.status}`);
  const text = await response.text();
  try {
    return { json: JSON.parse(text), text };
  } catch {
    throw new ModelLoadError(`${url} is not valid JSON`);
  }
}

export async function loadModelInWorker(request: RunRequest): Promise<LoadedModel> {
  const base = request.assetBase.endsWith('/') ? request.assetBase : `${request.assetBase}/`;
  const timings: StageTiming[] = [];
  let mark = performance.now();
  const lap = (stage: string): void => {
    const t = performance.now();
    timings.push({ stage, ms: t - mark });
    mark = t;
  };
  // model.json is small and not cached here, so a model update is seen at the next run.
  const { json, text: configText } = await fetchJson(new URL('model.json', base).href);
  const config = parseModelConfig(json);
  const onnxFile = config.onnx;
  lap('load model: model.json');

  const plan = planBackend(
    {
      crossOriginIsolated: globals.crossOriginIsolated === true,
      hardwareConcurrency: globals.navigator.hardwareConcurrency ?? 1,
      // The page probed for an adapter (off this thread: the probe can block for many seconds).
      hasWebGpuAdapter: request.allowWebGpu,
    },
    request.allowWebGpu,
  );
  // The JSEP build runs both WebGPU and wasm; the plain build (half the size) only wasm.
  const withWebGpu = plan.providers.includes('webgpu');
  
  const ort = (withWebGpu ? await import('onnxruntime-web') : await import('onnxruntime-web/wasm')) as unknown as OrtWithEnv;
  const runtime = withWebGpu ? 'ort-wasm-simd-threaded.jsep' : 'ort-wasm-simd-threaded';
  // The version in the URL keys the cache: a viewer update with a new onnxruntime-web never reuses an old binary.
  const version = ort.env.versions?.web ?? 'unknown';
  const wasmUrl = new URL(`${runtime}.wasm?v=${version}`, base).href;
  ort.env.wasm.numThreads = plan.wasmThreads;
  ort.env.wasm.proxy = false;
  ort.env.wasm.wasmPaths = { mjs: new URL(`${runtime}.mjs`, base).href, wasm: wasmUrl };
  ort.env.wasm.wasmBinary = await fetchAsset(wasmUrl).catch((error: unknown) => {
    throw new ModelLoadError(error instanceof Error ? error.message : String(error));
  });
  lap('load model: onnxruntime runtime');

  // Verified before the session: a corrupted or substituted network never runs, and is never cached.
  const modelBytes = new Uint8Array(
    await fetchAsset(new URL(`${onnxFile}?v=${fingerprint(configText)}`, base).href, (bytes) => verifyModelBytes(bytes, config)).catch((error: unknown) => {
      if (error instanceof Error && error.name === 'ModelConfigError') throw error;
      throw new ModelLoadError(error instanceof Error ? error.message : String(error));
    }),
  );
  lap('load model: network file');
  const runner = await OrtModelRunner.create(ort, modelBytes, plan.providers, (line) => console.warn(`[bone-segmentation] ${line}`));
  lap('load model: session');
  return { runner, config, backend: () => runner.backend, wasmThreads: plan.wasmThreads, timings };
}
