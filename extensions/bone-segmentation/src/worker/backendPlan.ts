/**
 * Which onnxruntime-web execution provider and how many wasm threads to use, from what the browser offers.
 * Pure so the policy is testable without a browser.
 */

export interface BrowserCapabilities {
  /** `self.crossOriginIsolated`: SharedArrayBuffer, hence wasm threads, exist only then. */
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  /** `navigator.gpu.requestAdapter()` returned an adapter. */
  hasWebGpuAdapter: boolean;
}

export interface BackendPlan {
  /** Tried in order; wasm is always last so any WebGPU failure falls back to it. */
  providers: Array<'webgpu' | 'wasm'>;
  wasmThreads: number;
}

/** More threads than this buys little for a 3D conv net in wasm and starves the viewer's own workers. */
const MAX_WASM_THREADS = 4;

export function planBackend(caps: BrowserCapabilities, allowWebGpu: boolean): BackendPlan {
  const cores = Number.isFinite(caps.hardwareConcurrency) && caps.hardwareConcurrency > 0 ? caps.hardwareConcurrency : 1;
  const wasmThreads = caps.crossOriginIsolated ? Math.max(1, Math.min(MAX_WASM_THREADS, cores)) : 1;
  const providers: BackendPlan['providers'] = allowWebGpu && caps.hasWebGpuAdapter ? ['webgpu', 'wasm'] : ['wasm'];
  return { providers, wasmThreads };
}
