/**
 * The page <-> worker protocol end to end, in-process: the worker side is the real run handler, the boundary is a
 * real structured clone with transfer (so transferred buffers are really detached), the page side is the real
 * client.
 */
import { InvalidInputError } from '../../../extensions/bone-segmentation/src/core/errors';
import type { CtVolume, ModelRunner } from '../../../extensions/bone-segmentation/src/core/types';
import { ModelLoadError } from '../../../extensions/bone-segmentation/src/worker/ortRunner';
import type { RunRequest, WorkerResponse } from '../../../extensions/bone-segmentation/src/worker/protocol';
import { classifyError, countLabels, createRunHandler, type RunHandlerDeps } from '../../../extensions/bone-segmentation/src/worker/runHandler';
import { runInWorker, WORKER_LOST_MESSAGE, WorkerRunError, type LocksLike, type WorkerLike } from '../../../extensions/bone-segmentation/src/worker/segmentationWorkerClient';

const runner: ModelRunner = { run: async (input) => input };

function volume(n = 4 * 4 * 12): CtVolume {
  const voxels = new Int16Array(n);
  for (let i = 0; i < n; i++) voxels[i] = i % 7 === 0 ? 700 : -900;
  return { voxels, dims: [4, 4, n / 16], spacing: [1, 1, 2], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], origin: [0, 0, 0] };
}

/** Labels 1 where the CT is bright: enough of a "segmenter" to check that data flows through unchanged. */
const thresholdSegment: RunHandlerDeps['segment'] = async (v, _runner, _config, options) => {
  options.onProgress?.({ stage: 'resample', fraction: 0.2 });
  options.onProgress?.({ stage: 'inference', fraction: 0.7 });
  const labels = new Uint8Array(v.voxels.length);
  for (let i = 0; i < labels.length; i++) labels[i] = v.voxels[i] > 300 ? 1 : 0;
  return { labels, timings: [{ stage: 'inference', ms: 5 }] };
};

interface FakeWorker extends WorkerLike {
  terminated: boolean;
  received: RunRequest[];
}

/** A worker whose messages cross a structured-clone boundary, like a real one. */
function inProcessWorker(deps: Pick<RunHandlerDeps, 'loadModel' | 'segment'>): FakeWorker {
  const worker: FakeWorker = {
    terminated: false,
    received: [],
    onmessage: null,
    onerror: null,
    postMessage(message, transfer) {
      const cloned = structuredClone(message, { transfer: transfer as Transferable[] });
      worker.received.push(cloned);
      void handler(cloned);
    },
    terminate() {
      worker.terminated = true;
    },
  };
  const handler = createRunHandler({
    ...deps,
    post: (message: WorkerResponse, transfer) => {
      const cloned = structuredClone(message, { transfer });
      setTimeout(() => {
        if (!worker.terminated) worker.onmessage?.({ data: cloned } as MessageEvent<WorkerResponse>);
      }, 0);
    },
  });
  return worker;
}

const loadModel: RunHandlerDeps['loadModel'] = async () => ({ runner, config: {}, backend: () => 'wasm', wasmThreads: 2 });
const settings = { assetBase: 'http://viewer/plugins/bone-segmentation/', allowWebGpu: false };

describe('worker protocol', () => {
  it('transfers the voxels in, streams progress, and transfers the labels back', async () => {
    const v = volume();
    const expected = Array.from(v.voxels, (x) => (x > 300 ? 1 : 0));
    const worker = inProcessWorker({ loadModel, segment: thresholdSegment });
    const progress: Array<[string, number]> = [];
    const result = await runInWorker(() => worker, v, settings, { onProgress: (stage, f) => progress.push([stage, f]) });

    expect(v.voxels.length).toBe(0); // detached: moved, not copied
    expect(worker.received[0].volume.voxels.length).toBe(expected.length);
    expect(Array.from(result.labels)).toEqual(expected);
    expect(result.counts).toEqual(countLabels(Uint8Array.from(expected)));
    expect(result.counts[1]).toBe(expected.filter((x) => x === 1).length);
    expect(result).toMatchObject({ backend: 'wasm', wasmThreads: 2 });
    expect(result.timings.map((t) => t.stage)).toEqual(['load model', 'inference']);
    expect(progress.map(([s]) => s)).toEqual(['Loading the model', 'Loading the model', 'resample', 'inference']);
    const fractions = progress.map(([, f]) => f);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
    expect(fractions[fractions.length - 1]).toBeLessThanOrEqual(1);
    expect(worker.terminated).toBe(true);
  });

  it('Cancel terminates the worker at once and reports cancelled', async () => {
    let release: () => void = () => undefined;
    const hanging: RunHandlerDeps['segment'] = () =>
      new Promise((resolve) => {
        release = () => resolve({ labels: new Uint8Array(1) });
      });
    const worker = inProcessWorker({ loadModel, segment: hanging });
    const abort = new AbortController();
    const run = runInWorker(() => worker, volume(), settings, { signal: abort.signal });
    await new Promise((r) => setTimeout(r, 5));
    abort.abort();
    await expect(run).rejects.toMatchObject({ name: 'WorkerRunError', code: 'cancelled' });
    expect(worker.terminated).toBe(true);
    release();
  });

  it('a model that fails to load comes back as model-load-failed with its reason', async () => {
    const worker = inProcessWorker({
      loadModel: async () => {
        throw new ModelLoadError('http://viewer/plugins/bone-segmentation/model.json answered HTTP 404');
      },
      segment: thresholdSegment,
    });
    const error = await runInWorker(() => worker, volume(), settings).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerRunError);
    expect(error).toMatchObject({ code: 'model-load-failed' });
    expect((error as Error).message).toContain('HTTP 404');
    expect(worker.terminated).toBe(true);
  });

  it('the core refusing the input comes back as invalid-input with the core sentence', async () => {
    const worker = inProcessWorker({
      loadModel,
      segment: async () => {
        throw new InvalidInputError('too-few-slices', 'The series has 3 slices; at least 10 are needed.');
      },
    });
    await expect(runInWorker(() => worker, volume(), settings)).rejects.toMatchObject({
      code: 'invalid-input',
      message: 'The series has 3 slices; at least 10 are needed.',
    });
  });

  it('a worker script that cannot start rejects instead of hanging', async () => {
    const broken: WorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage() {
        setTimeout(() => broken.onerror?.({ message: 'Failed to fetch worker script' } as ErrorEvent), 0);
      },
      terminate() {},
    };
    await expect(runInWorker(() => broken, volume(), settings)).rejects.toMatchObject({ code: 'failed' });
  });

  it('classifies errors by name', () => {
    const named = (name: string) => Object.assign(new Error('x'), { name });
    expect(classifyError(named('AbortError')).code).toBe('cancelled');
    expect(classifyError(named('ModelConfigError')).code).toBe('model-load-failed');
    expect(classifyError(named('AssetFetchError')).code).toBe('model-load-failed');
    expect(classifyError(new RangeError('Array buffer allocation failed')).code).toBe('failed');
  });

  /** Web Locks semantics in memory: one holder per name, the next request is granted when the holder's callback settles. */
  function memoryLocks(): LocksLike {
    const tails = new Map<string, Promise<void>>();
    return {
      request(name, options, callback) {
        const previous = tails.get(name) ?? Promise.resolve();
        let release!: () => void;
        tails.set(name, previous.then(() => new Promise<void>((r) => (release = r))));
        return new Promise((resolve, reject) => {
          options.signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
          void previous.then(async () => {
            if (options.signal?.aborted) return release();
            try {
              resolve(await callback());
            } finally {
              release();
            }
          });
        });
      },
    };
  }

  /** A worker that takes the liveness lock, reports alive, then either dies silently or answers. */
  function lockHoldingWorker(locks: LocksLike, behaviour: 'dies' | 'answers'): WorkerLike & { die(): void } {
    let die: () => void = () => undefined;
    const worker: WorkerLike & { die(): void } = {
      onmessage: null,
      onerror: null,
      postMessage(message) {
        const deliver = (data: WorkerResponse): void => void setTimeout(() => worker.onmessage?.({ data } as MessageEvent<WorkerResponse>), 0);
        void locks.request(message.livenessLock!, {}, () => {
          deliver({ type: 'alive', runId: message.runId });
          if (behaviour === 'answers') {
            setTimeout(() => deliver({ type: 'result', runId: message.runId, labels: new Uint8Array(4), counts: [4], centres: [], backend: 'wasm', wasmThreads: 1, timings: [] }), 20);
          }
          return new Promise<void>((gone) => (die = gone));
        });
      },
      terminate() {
        die();
      },
      die: () => die(),
    };
    return worker;
  }

  it('a worker that dies mid-run (no result, no error event) is noticed through its liveness lock: one message', async () => {
    const locks = memoryLocks();
    const worker = lockHoldingWorker(locks, 'dies');
    const run = runInWorker(() => worker, volume(), settings, { locks });
    setTimeout(() => worker.die(), 30);
    await expect(run).rejects.toMatchObject({ code: 'failed', message: WORKER_LOST_MESSAGE });
  });

  it('a worker that answers is not reported lost when it is terminated after the result', async () => {
    const locks = memoryLocks();
    const worker = lockHoldingWorker(locks, 'answers');
    const result = await runInWorker(() => worker, volume(), settings, { locks });
    expect(result.type).toBe('result');
    await new Promise((r) => setTimeout(r, 30));
  });
});
