/**
 * Every path of one "Segment bones" click against an in-memory viewer: the check messages, Cancel, model failures,
 * an empty result, the busy refusal, and that a user's existing segmentation is never touched.
 */
import type { CtVolume } from '../../../extensions/bone-segmentation/src/core/types';
import {
  BoneSegmentationController,
  BUSY_MESSAGE,
  CANCELLED_MESSAGE,
  NO_BONES_MESSAGE,
  type BoneSegmentationHost,
  type NoticeKind,
  type RunModel,
} from '../../../extensions/bone-segmentation/src/ohif/boneSegmentationController';
import type { BoneSegment } from '../../../extensions/bone-segmentation/src/ohif/boneSegments';
import type { SeriesFacts } from '../../../extensions/bone-segmentation/src/ohif/seriesChecks';
import type { ResultMessage } from '../../../extensions/bone-segmentation/src/worker/protocol';
import { WorkerRunError } from '../../../extensions/bone-segmentation/src/worker/segmentationWorkerClient';

interface Segmentation {
  id: string;
  label: string;
  segments: string[];
  labels: Uint8Array;
}

const axialCt = (count = 20): SeriesFacts => ({
  modality: 'CT',
  rows: 8,
  columns: 8,
  slices: Array.from({ length: count }, (_, k) => ({ position: [0, 0, 2 * k], orientation: [1, 0, 0, 0, 1, 0] })),
});

function viewer(facts: SeriesFacts | null = axialCt()) {
  const user: Segmentation = { id: 'user-1', label: 'My knee', segments: ['Meniscus'], labels: Uint8Array.from([0, 3, 3, 0]) };
  const state = {
    segmentations: [user] as Segmentation[],
    notices: [] as Array<{ kind: NoticeKind; message: string }>,
    progress: [] as string[],
    progressOpen: 0,
    cancel: undefined as undefined | (() => void),
    reads: 0,
    failWrite: false,
  };
  const host: BoneSegmentationHost<string> = {
    activeSeries: () => (facts ? { target: 'viewport-1', facts } : undefined),
    readVolume: async () => {
      state.reads++;
      const voxels = new Int16Array(8 * 8 * 20).fill(-1000);
      return { voxels, dims: [8, 8, 20], spacing: [1, 1, 2], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], origin: [0, 0, 0] } as CtVolume;
    },
    createSegmentation: async (_target, labels: Uint8Array, segments: BoneSegment[]) => {
      if (state.failWrite) throw new Error('viewport went away');
      const id = `bones-${state.segmentations.length}`;
      state.segmentations.push({ id, label: 'Bones (AI)', segments: segments.map((s) => s.label), labels });
      return id;
    },
    notify: (kind, _title, message) => state.notices.push({ kind, message }),
    showProgress: (onCancel) => {
      state.progressOpen++;
      state.cancel = onCancel;
      let open = true;
      return {
        update: (stage) => state.progress.push(stage),
        close: () => {
          if (open) state.progressOpen--;
          open = false;
        },
      };
    },
  };
  return { host, state, user: { ...user, labels: user.labels.slice() } };
}

function result(counts: number[]): ResultMessage {
  const labels = new Uint8Array(8 * 8 * 20);
  let i = 0;
  counts.forEach((n, value) => {
    if (value > 0) for (let k = 0; k < n; k++) labels[i++] = value;
  });
  return { type: 'result', runId: 1, labels, counts, centres: [], backend: 'wasm', wasmThreads: 2, timings: [{ stage: 'inference', ms: 3 }] };
}

const model = (counts: number[]): RunModel => async (_v, { onProgress }) => {
  onProgress('inference', 0.5);
  return result(counts);
};

/** The user's segmentation is exactly as before and nothing else was added. */
function expectUntouched(state: ReturnType<typeof viewer>['state'], before: Segmentation) {
  expect(state.segmentations).toHaveLength(1);
  expect(state.segmentations[0]).toEqual(before);
  expect(state.progressOpen).toBe(0);
}

describe('BoneSegmentationController', () => {
  it('adds one new "Bones (AI)" segmentation with a segment per bone found, leaving the user one alone', async () => {
    const { host, state, user } = viewer();
    const outcome = await new BoneSegmentationController(host, model([0, 40, 30, 0, 0, 0, 0, 0, 0, 12])).run();
    expect(outcome.status).toBe('done');
    expect(state.segmentations).toHaveLength(2);
    expect(state.segmentations[0]).toEqual(user);
    expect(state.segmentations[1]).toMatchObject({ label: 'Bones (AI)', segments: ['Femur L', 'Femur R', 'Hip L'] });
    expect(state.notices).toEqual([{ kind: 'success', message: 'Bones (AI): 3 bones: Femur L, Femur R, Hip L.' }]);
    expect(state.progress).toEqual(['Reading the CT volume', 'inference', 'Creating the labelmap']);
    expect(state.progressOpen).toBe(0);
  });

  it('warns that labels near metal need review when the core found metal, after the result', async () => {
    const { host, state } = viewer();
    const withMetal: RunModel = async () => ({ ...result([0, 40]), metal: { ml: 12.5, centre: [10, 20, 30], voxelsUnlabelled: 300 } });
    const outcome = await new BoneSegmentationController(host, withMetal).run();
    expect(outcome.status).toBe('done');
    expect(state.notices.map((n) => n.kind)).toEqual(['success', 'warning']);
    expect(state.notices[1].message).toMatch(/^Metal found in the scan \(12\.5 ml.*need review/);
  });

  it('running again makes another segmentation instead of changing the first', async () => {
    const { host, state } = viewer();
    const controller = new BoneSegmentationController(host, model([0, 40]));
    await controller.run();
    const first = { ...state.segmentations[1] };
    await controller.run();
    expect(state.segmentations.map((s) => s.label)).toEqual(['My knee', 'Bones (AI)', 'Bones (AI)']);
    expect(state.segmentations[1]).toEqual(first);
  });

  it('refuses a second click while running, politely, and the first run still completes', async () => {
    const { host, state } = viewer();
    let finish: () => void = () => undefined;
    const slow: RunModel = () => new Promise((resolve) => (finish = () => resolve(result([0, 10]))));
    const controller = new BoneSegmentationController(host, slow);
    const first = controller.run();
    await new Promise((r) => setTimeout(r, 0));
    expect(controller.isRunning).toBe(true);
    expect(await controller.run()).toEqual({ status: 'busy' });
    expect(state.notices).toEqual([{ kind: 'info', message: BUSY_MESSAGE }]);
    finish();
    expect((await first).status).toBe('done');
    expect(state.segmentations).toHaveLength(2);
  });

  it('Cancel during the model run leaves no partial segmentation and says nothing changed', async () => {
    const { host, state, user } = viewer();
    const model: RunModel = (_v, { signal }) =>
      new Promise((_resolve, reject) =>
        signal.addEventListener('abort', () => reject(new WorkerRunError('cancelled', 'Segmentation was cancelled.'))),
      );
    const controller = new BoneSegmentationController(host, model);
    const run = controller.run();
    await new Promise((r) => setTimeout(r, 0));
    state.cancel!();
    expect(await run).toEqual({ status: 'cancelled' });
    expectUntouched(state, user);
    expect(state.notices).toEqual([{ kind: 'info', message: CANCELLED_MESSAGE }]);
    expect(controller.isRunning).toBe(false);
  });

  it('a Cancel that races the result still wins', async () => {
    const { host, state, user } = viewer();
    const model: RunModel = async () => {
      state.cancel!();
      return result([0, 10]);
    };
    expect(await new BoneSegmentationController(host, model).run()).toEqual({ status: 'cancelled' });
    expectUntouched(state, user);
  });

  it('says "no lower-limb bones found" and creates nothing when the model finds none', async () => {
    const { host, state, user } = viewer();
    expect(await new BoneSegmentationController(host, model([1280])).run()).toEqual({ status: 'no-bones' });
    expectUntouched(state, user);
    expect(state.notices).toEqual([{ kind: 'info', message: NO_BONES_MESSAGE }]);
    expect(NO_BONES_MESSAGE).toMatch(/no lower-limb bones found/i);
  });

  it.each([
    ['not CT', { ...axialCt(), modality: 'MR' }, 'not-ct'],
    ['a SEG', { ...axialCt(), modality: 'SEG' }, 'not-image'],
    ['a scout', { ...axialCt(), imageType: ['ORIGINAL', 'PRIMARY', 'LOCALIZER'] }, 'scout'],
    ['fewer than 10 slices', axialCt(6), 'too-few-slices'],
    [
      'gantry tilt',
      { ...axialCt(), slices: axialCt().slices.map((s, k) => ({ ...s, position: [0, 0.5 * k, 2 * k] })) },
      'gantry-tilt',
    ],
    [
      'a missing slice',
      { ...axialCt(), slices: axialCt().slices.filter((_, k) => k !== 7) },
      'missing-slices',
    ],
    ['too large', { ...axialCt(), rows: 4096, columns: 4096 }, 'too-large'],
  ])('rejects %s with one message, before reading any voxel', async (_name, facts, problem) => {
    const { host, state, user } = viewer(facts as SeriesFacts);
    const outcome = await new BoneSegmentationController(host, model([0, 10])).run();
    expect(outcome).toMatchObject({ status: 'rejected', problem });
    expect(state.reads).toBe(0);
    expect(state.notices).toHaveLength(1);
    expect(state.notices[0].kind).toBe('error');
    expectUntouched(state, user);
  });

  it('a model that fails to load gets one clear message and changes nothing', async () => {
    const { host, state, user } = viewer();
    const failing: RunModel = async () => {
      throw new WorkerRunError('model-load-failed', 'Could not load http://viewer/plugins/bone-segmentation/bone-coarse.onnx: HTTP 404');
    };
    expect(await new BoneSegmentationController(host, failing).run()).toMatchObject({ status: 'failed', code: 'model-load-failed' });
    expectUntouched(state, user);
    expect(state.notices).toHaveLength(1);
    expect(state.notices[0].message).toMatch(/^The bone model could not be loaded, so nothing was segmented\. .*HTTP 404/);
  });

  it('the core refusing the volume passes its sentence through', async () => {
    const { host, state, user } = viewer();
    const refusing: RunModel = async () => {
      throw new WorkerRunError('invalid-input', 'The image does not look like CT in Hounsfield units (values 0 to 255).');
    };
    expect(await new BoneSegmentationController(host, refusing).run()).toMatchObject({ status: 'rejected', problem: 'invalid-input' });
    expect(state.notices).toEqual([{ kind: 'error', message: 'The image does not look like CT in Hounsfield units (values 0 to 255).' }]);
    expectUntouched(state, user);
  });

  it('a failure while adding the labelmap is reported and leaves the user segmentation as it was', async () => {
    const { host, state, user } = viewer();
    state.failWrite = true;
    expect(await new BoneSegmentationController(host, model([0, 10])).run()).toMatchObject({ status: 'failed', code: 'write-failed' });
    expectUntouched(state, user);
    expect(state.notices[0].message).toMatch(/could not be added to the viewer: viewport went away/);
  });

  it('with no series in the active viewport it asks for one', async () => {
    const { host, state } = viewer(null);
    expect(await new BoneSegmentationController(host, model([0, 10])).run()).toEqual({ status: 'no-series' });
    expect(state.notices[0].kind).toBe('warning');
  });
});
