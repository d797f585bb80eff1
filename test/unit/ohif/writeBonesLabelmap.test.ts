/**
 * writeBonesLabelmap against an in-memory segmentationService shaped like OHIF 3.13's: the derived labelmap images
 * follow the display set's image order, which need not be the volume's slice order.
 */
import type * as CornerstoneCore from '@cornerstonejs/core';
import type * as CornerstoneTools from '@cornerstonejs/tools';
import type { BoneSegment } from '../../../extensions/bone-segmentation/src/ohif/boneSegments';
import type { GridViewport, OhifSegmentation, SegmentationHostServices } from '../../../extensions/bone-segmentation/src/ohif/hostServices';
import { mprViewportIds, writeBonesLabelmap } from '../../../extensions/bone-segmentation/src/ohif/writeBonesLabelmap';

const SLICE = 4;

function fakeViewer(options: { failRepresentationOn?: string } = {}) {
  const images = new Map<string, { voxelManager: { getScalarData: () => Uint8Array } }>();
  const segmentations = new Map<string, OhifSegmentation>();
  const userLabels = Uint8Array.from([5, 5, 0, 0]);
  images.set('user-seg:0', { voxelManager: { getScalarData: () => userLabels } });
  segmentations.set('user', {
    segmentationId: 'user',
    label: 'Mine',
    segments: { 1: { segmentIndex: 1, label: 'Meniscus' } },
    representationData: { Labelmap: { imageIds: ['user-seg:0'], referencedImageIds: ['ct:0'] } },
  });
  const representations: Array<{ viewportId: string; segmentationId: string; config?: Record<string, unknown>; syncPaused: boolean[] }> = [];
  const luts: number[][][] = [];
  const segColours: Array<[string, string, number, number[]]> = [];
  /** The host's sync groups: one that copies segmentations (hydrateseg), one a site switched off, one for VOI. */
  const synchronizer = (enabled: boolean) => ({ enabled, isDisabled() { return !this.enabled; }, setEnabled(e: boolean) { this.enabled = e; } });
  const hydrate = [synchronizer(true), synchronizer(false)];
  const voi = [synchronizer(true)];
  /** Representation-modified announcements, with whether the hydrate sync was listening at the time. */
  const announced: Array<{ viewportId: string; segmentationId: string; type: string; syncOn: boolean }> = [];
  const viewports = new Map<string, GridViewport>([
    ['axial', { viewportId: 'axial', displaySetInstanceUIDs: ['ct-ds'] }],
    ['sagittal', { viewportId: 'sagittal', displaySetInstanceUIDs: ['ct-ds'] }],
    ['3d', { viewportId: '3d', displaySetInstanceUIDs: ['ct-ds'], viewportOptions: { viewportType: 'volume3d' } }],
    ['other', { viewportId: 'other', displaySetInstanceUIDs: ['mr-ds'] }],
  ]);
  const services = {
    viewportGridService: { getActiveViewportId: () => 'sagittal', getState: () => ({ viewports }) },
    displaySetService: { getDisplaySetByUID: () => undefined },
    cornerstoneViewportService: { getCornerstoneViewport: (id: string) => ({ type: id === '3d' ? 'volume3d' : 'orthographic' }) },
    segmentationService: {
      async createLabelmapForDisplaySet(displaySet: { imageIds?: string[] }, o: { segmentationId: string; label: string; segments: Record<number, Record<string, unknown>> }) {
        const refs = displaySet.imageIds ?? [];
        const segIds = refs.map((_, i) => `${o.segmentationId}:${i}`);
        segIds.forEach((id) => {
          const data = new Uint8Array(SLICE);
          images.set(id, { voxelManager: { getScalarData: () => data } });
        });
        const segments: OhifSegmentation['segments'] = {};
        for (const [k, v] of Object.entries(o.segments)) segments[k] = v as { segmentIndex: number; label: string };
        segmentations.set(o.segmentationId, {
          segmentationId: o.segmentationId,
          label: o.label,
          segments,
          representationData: { Labelmap: { imageIds: segIds, referencedImageIds: [...refs] } },
        });
        return o.segmentationId;
      },
      async addSegmentationRepresentation(viewportId: string, o: { segmentationId: string; config?: Record<string, unknown> }) {
        if (viewportId === options.failRepresentationOn) throw new Error('viewport is being destroyed');
        representations.push({ viewportId, segmentationId: o.segmentationId, config: o.config, syncPaused: [...hydrate, ...voi].map((h) => h.isDisabled()) });
      },
      setSegmentColor: (viewportId: string, segmentationId: string, index: number, color: number[]) => segColours.push([viewportId, segmentationId, index, color]),
      getSegmentationRepresentations: (viewportId: string, spec: { segmentationId?: string } = {}) =>
        representations.filter((r) => r.viewportId === viewportId && (!spec.segmentationId || r.segmentationId === spec.segmentationId)),
      getSegmentation: (id: string) => segmentations.get(id),
      getSegmentations: () => [...segmentations.values()],
      remove: (id: string) => {
        segmentations.delete(id);
      },
    },
    syncGroupService: { getSynchronizersOfType: (type: string) => (type === 'hydrateseg' ? hydrate : type === 'voi' ? voi : undefined) },
  } as unknown as SegmentationHostServices;
  const cs = {
    cache: { getImage: (id: string) => images.get(id) },
    utilities: { uuidv4: () => 'uuid-1' },
    eventTarget: new EventTarget(),
  } as unknown as typeof CornerstoneCore;
  const tools = {
    CONSTANTS: { COLOR_LUT: [[0, 0, 0, 0], [255, 0, 0, 255]] },
    Enums: { SegmentationRepresentations: { Labelmap: 'Labelmap' }, Events: { SEGMENTATION_RENDERED: 'rendered' } },
    segmentation: {
      state: { getSegmentation: (id: string) => segmentations.get(id) },
      config: { color: { addColorLUT: (lut: number[][]) => luts.push(lut) - 1 + 7 } },
      triggerSegmentationEvents: {
        triggerSegmentationRepresentationModified: (viewportId: string, segmentationId: string, type: string) =>
          announced.push({ viewportId, segmentationId, type, syncOn: !hydrate[0].isDisabled() }),
      },
    },
  } as unknown as typeof CornerstoneTools;
  return { services, cs, tools, segmentations, images, representations, luts, segColours, hydrate, voi, announced, userLabels };
}

const segments: BoneSegment[] = [
  { segmentIndex: 1, label: 'Femur L', name: 'femur_left', color: [241, 214, 145], voxels: 3, centre: [-80, 20.5, 300] },
  { segmentIndex: 4, label: 'Tibia R', name: 'tibia_right', color: [70, 150, 70], voxels: 2 },
];

describe('writeBonesLabelmap', () => {
  // The 3D hand-over waits on a timer; fake timers keep it from outliving a test.
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.runOnlyPendingTimers();
    jest.useRealTimers();
  });

  // The display set lists the images top-down; the volume (and the labels) go bottom-up.
  const displaySet = { displaySetInstanceUID: 'ct-ds', Modality: 'CT', imageIds: ['ct:2', 'ct:1', 'ct:0'] };
  const target = { displaySet, sliceImageIds: ['ct:0', 'ct:1', 'ct:2'], sliceSize: SLICE };
  const labels = Uint8Array.from([1, 1, 0, 0, 0, 4, 4, 0, 1, 0, 0, 0]);

  it('creates a new named labelmap, writes each slice to the image of its CT slice, and shows it on the MPR viewports', async () => {
    const v = fakeViewer();
    const id = await writeBonesLabelmap(v.cs, v.tools, v.services, target, labels, segments);
    const seg = v.segmentations.get(id)!;
    expect(seg.label).toBe('Bones (AI)');
    expect(Object.values(seg.segments).map((s) => [s!.segmentIndex, s!.label])).toEqual([
      [1, 'Femur L'],
      [4, 'Tibia R'],
    ]);
    // The segment list jumps to a segment's centre when known.
    const stats = (index: number) => (seg.segments[index] as unknown as { cachedStats: unknown }).cachedStats;
    expect(stats(1)).toEqual({ center: { world: [-80, 20.5, 300] } });
    expect(stats(4)).toEqual({});
    const sliceOf = (ct: string) => {
      const i = seg.representationData.Labelmap!.referencedImageIds!.indexOf(ct);
      return Array.from(v.images.get(seg.representationData.Labelmap!.imageIds![i])!.voxelManager.getScalarData());
    };
    expect(sliceOf('ct:0')).toEqual([1, 1, 0, 0]);
    expect(sliceOf('ct:1')).toEqual([0, 4, 4, 0]);
    expect(sliceOf('ct:2')).toEqual([1, 0, 0, 0]);
    expect(v.representations.map((r) => r.viewportId)).toEqual(['sagittal', 'axial']);
    expect(v.representations.map((r) => r.config)).toEqual([{ colorLUTOrIndex: 7 }, { colorLUTOrIndex: 7 }]);
    expect(v.luts[0][1]).toEqual([241, 214, 145, 255]);
    expect(v.luts[0][4]).toEqual([70, 150, 70, 255]);
    expect(Array.from(v.userLabels)).toEqual([5, 5, 0, 0]);
    expect(v.segmentations.get('user')!.label).toBe('Mine');
  });

  it('removes its half-made segmentation when a step fails, and leaves the user one alone', async () => {
    const v = fakeViewer({ failRepresentationOn: 'axial' });
    await expect(writeBonesLabelmap(v.cs, v.tools, v.services, target, labels, segments)).rejects.toThrow('viewport is being destroyed');
    expect([...v.segmentations.keys()]).toEqual(['user']);
    expect(Array.from(v.userLabels)).toEqual([5, 5, 0, 0]);
  });

  it('refuses labels of the wrong size without leaving anything behind', async () => {
    const v = fakeViewer();
    await expect(writeBonesLabelmap(v.cs, v.tools, v.services, target, labels.subarray(0, 8), segments)).rejects.toThrow(/do not match/);
    expect([...v.segmentations.keys()]).toEqual(['user']);
  });

  it('adds it to each MPR viewport itself while the host sync group is paused, then hands it to the 3D surfaces once drawn', async () => {
    const v = fakeViewer();
    const shown: string[] = [];
    // The Surface representation is reserved (empty) before any viewport has the segmentation: the host's sync may
    // copy it to the 3D view at any time, and Cornerstone would start polySeg for a segmentation without one.
    const reservedBeforeFirstAdd: boolean[] = [];
    const add = v.services.segmentationService.addSegmentationRepresentation.bind(v.services.segmentationService);
    v.services.segmentationService.addSegmentationRepresentation = async (viewportId, o) => {
      const data = v.segmentations.get(o.segmentationId)?.representationData as Record<string, unknown> | undefined;
      reservedBeforeFirstAdd.push(data?.Surface !== undefined);
      return add(viewportId, o);
    };
    const id = await writeBonesLabelmap(v.cs, v.tools, v.services, target, labels, segments, (segmentationId) => shown.push(segmentationId));
    expect(reservedBeforeFirstAdd).toEqual([true, true]);
    const surface = (v.segmentations.get(id)!.representationData as Record<string, { geometryIds?: Map<number, string> }>).Surface;
    expect(surface?.geometryIds?.size).toBe(0);
    // The 3D surfaces wait until both MPR viewports have drawn the labelmap.
    const rendered = (viewportId: string, segmentationId = id) =>
      v.cs.eventTarget.dispatchEvent(new CustomEvent('rendered', { detail: { viewportId, segmentationId } }));
    rendered('sagittal');
    rendered('axial', 'user');
    jest.advanceTimersByTime(100);
    expect(shown).toEqual([]);
    rendered('axial');
    jest.advanceTimersByTime(100);
    expect(shown).toEqual([id]);
    // While we add: the hydrate sync that was on is paused (no race, no default colours); others are left alone.
    expect(v.representations.map((r) => r.syncPaused)).toEqual([
      [true, true, false],
      [true, true, false],
    ]);
    // OHIF now has our colour LUT on record for this segmentation (set through a viewport that uses it).
    expect(v.segColours).toEqual([['sagittal', id, 1, [241, 214, 145, 255]]]);
    // Afterwards: the sync that was on is on again, the one a site switched off stays off; nothing is announced to
    // it (the 3D view is ours to fill, with surfaces from the worker).
    expect(v.hydrate.map((h) => h.enabled)).toEqual([true, false]);
    expect(v.announced).toEqual([]);
    expect(v.representations.map((r) => r.viewportId)).toEqual(['sagittal', 'axial']);
  });

  it('starts the 3D surfaces after a few seconds even when an MPR viewport never draws the labelmap', async () => {
    const v = fakeViewer();
    const shown: string[] = [];
    const id = await writeBonesLabelmap(v.cs, v.tools, v.services, target, labels, segments, (segmentationId) => shown.push(segmentationId));
    jest.advanceTimersByTime(2900);
    expect(shown).toEqual([]);
    jest.advanceTimersByTime(200);
    expect(shown).toEqual([id]);
  });

  it('does not build surfaces for a segmentation removed before the MPR viewports drew it', async () => {
    const v = fakeViewer();
    const shown: string[] = [];
    const id = await writeBonesLabelmap(v.cs, v.tools, v.services, target, labels, segments, (segmentationId) => shown.push(segmentationId));
    v.services.segmentationService.remove(id);
    jest.advanceTimersByTime(3100);
    expect(shown).toEqual([]);
  });

  it('resumes the host sync group when adding the segmentation fails', async () => {
    const v = fakeViewer({ failRepresentationOn: 'axial' });
    await expect(writeBonesLabelmap(v.cs, v.tools, v.services, target, labels, segments)).rejects.toThrow();
    expect(v.hydrate.map((h) => h.enabled)).toEqual([true, false]);
    expect(v.announced).toEqual([]);
  });

  it('lists only the viewports that show the series in 2D, the active one first', () => {
    expect(mprViewportIds(fakeViewer().services, 'ct-ds')).toEqual(['sagittal', 'axial']);
  });
});
