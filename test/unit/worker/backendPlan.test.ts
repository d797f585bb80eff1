import { planBackend } from '../../../extensions/bone-segmentation/src/worker/backendPlan';

describe('planBackend', () => {
  it('uses wasm threads only when the page is cross-origin isolated', () => {
    expect(planBackend({ crossOriginIsolated: true, hardwareConcurrency: 2, hasWebGpuAdapter: false }, true)).toEqual({
      providers: ['wasm'],
      wasmThreads: 2,
    });
    expect(planBackend({ crossOriginIsolated: false, hardwareConcurrency: 16, hasWebGpuAdapter: false }, true)).toEqual({
      providers: ['wasm'],
      wasmThreads: 1,
    });
  });

  it('caps the thread count and survives a missing core count', () => {
    expect(planBackend({ crossOriginIsolated: true, hardwareConcurrency: 32, hasWebGpuAdapter: false }, true).wasmThreads).toBe(4);
    expect(planBackend({ crossOriginIsolated: true, hardwareConcurrency: Number.NaN, hasWebGpuAdapter: false }, true).wasmThreads).toBe(1);
  });

  it('tries WebGPU first only when an adapter exists and it is allowed, always keeping wasm as the fallback', () => {
    expect(planBackend({ crossOriginIsolated: true, hardwareConcurrency: 8, hasWebGpuAdapter: true }, true).providers).toEqual(['webgpu', 'wasm']);
    expect(planBackend({ crossOriginIsolated: true, hardwareConcurrency: 8, hasWebGpuAdapter: true }, false).providers).toEqual(['wasm']);
    expect(planBackend({ crossOriginIsolated: true, hardwareConcurrency: 8, hasWebGpuAdapter: false }, true).providers).toEqual(['wasm']);
  });
});
