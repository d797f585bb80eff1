/**
 * Reads the CT of a display set from the host's Cornerstone as a CtVolume: the volume the MPR viewports already
 * stream when there is one, otherwise one built now (a stack viewport has none), waiting until every slice is in.
 */
import type * as CornerstoneCore from '@cornerstonejs/core';
import type { CtVolume } from '../core/types';
import type { OhifDisplaySet } from './hostServices';

type Cornerstone = typeof CornerstoneCore;
type Vec3 = [number, number, number];

/** What we read from a Cornerstone image volume (ImageVolume / StreamingImageVolume). */
export interface HostVolume {
  volumeId: string;
  imageIds: string[];
  dimensions: ArrayLike<number>;
  spacing: ArrayLike<number>;
  direction: ArrayLike<number>;
  origin: ArrayLike<number>;
  voxelManager?: {
    getCompleteScalarDataArray?: () => ArrayLike<number>;
    getScalarData?: () => ArrayLike<number>;
    scalarData?: ArrayLike<number>;
  };
  loadStatus?: { loaded?: boolean; loading?: boolean };
  load?: (callback?: (event: unknown) => void) => void;
}

/** OHIF's own id for a display set's volume, so the MPR viewports and we share one copy. */
export function volumeIdFor(displaySet: OhifDisplaySet): string {
  return `${displaySet.volumeLoaderSchema ?? 'cornerstoneStreamingImageVolume'}:${displaySet.displaySetInstanceUID}`;
}

const abortError = (): Error => Object.assign(new Error('Segmentation was cancelled.'), { name: 'AbortError' });

function whenLoaded(cs: Cornerstone, volume: HostVolume, signal: AbortSignal): Promise<void> {
  if (volume.loadStatus?.loaded || !volume.load) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const eventName = cs.Enums.Events.IMAGE_VOLUME_LOADING_COMPLETED;
    const cleanup = (): void => {
      cs.eventTarget.removeEventListener(eventName, onCompleted);
      signal.removeEventListener('abort', onAbort);
      clearInterval(poll);
    };
    const onCompleted = (event: Event): void => {
      if ((event as CustomEvent<{ volumeId?: string }>).detail?.volumeId !== volume.volumeId) return;
      cleanup();
      resolve();
    };
    const onAbort = (): void => {
      cleanup();
      reject(abortError());
    };
    // load() ignores its callback while a load is already running (the viewports started it), so listen for the
    // event and also poll the status flag, which covers a completion that happened before we subscribed.
    const poll = setInterval(() => {
      if (volume.loadStatus?.loaded) {
        cleanup();
        resolve();
      }
    }, 250);
    cs.eventTarget.addEventListener(eventName, onCompleted);
    signal.addEventListener('abort', onAbort, { once: true });
    if (!volume.loadStatus?.loading) volume.load?.();
  });
}

export async function loadHostVolume(
  cs: Cornerstone,
  displaySet: OhifDisplaySet,
  imageIds: string[],
  signal: AbortSignal,
): Promise<HostVolume> {
  const volumeId = volumeIdFor(displaySet);
  let volume = cs.cache.getVolume(volumeId) as unknown as HostVolume | undefined;
  if (!volume) {
    volume = (await cs.volumeLoader.createAndCacheVolume(volumeId, { imageIds })) as unknown as HostVolume;
  }
  if (signal.aborted) throw abortError();
  await whenLoaded(cs, volume, signal);
  return volume;
}

/** Hounsfield units in the narrowest array the core accepts (Int16 when the values fit, else Float32). */
function asHounsfield(data: ArrayLike<number>): Int16Array | Float32Array {
  if (data instanceof Int16Array || data instanceof Float32Array) return data;
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < min) min = v;
    if (v > max) max = v;
    if (integral && !Number.isInteger(v)) integral = false;
  }
  if (integral && min >= -32768 && max <= 32767) return Int16Array.from(data);
  return Float32Array.from(data);
}

/**
 * Cornerstone pre-scales CT to HU when it decodes (OHIF's default). If an image says it was not scaled, apply its
 * own modality LUT (slope and intercept may differ per slice).
 */
function rescaleUnscaledSlices(cs: Cornerstone, volume: HostVolume, voxels: Int16Array | Float32Array): Int16Array | Float32Array {
  const sliceSize = volume.dimensions[0] * volume.dimensions[1];
  let out = voxels;
  volume.imageIds.forEach((imageId, k) => {
    const image = cs.cache.getImage(imageId) as { preScale?: { scaled?: boolean } } | undefined;
    if (image?.preScale?.scaled !== false) return;
    const lut = cs.metaData.get('modalityLutModule', imageId) as { rescaleSlope?: number; rescaleIntercept?: number } | undefined;
    const slope = Number(lut?.rescaleSlope ?? 1);
    const intercept = Number(lut?.rescaleIntercept ?? 0);
    if (slope === 1 && intercept === 0) return;
    if (!(out instanceof Float32Array)) out = Float32Array.from(out);
    for (let i = k * sliceSize; i < (k + 1) * sliceSize; i++) out[i] = out[i] * slope + intercept;
  });
  return out;
}

type NumericArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/**
 * The voxels as an array we own: it is transferred to the worker (detached here), so it must never be the array
 * the host renders from. An image-backed volume assembles a fresh array; a plain scalar volume hands out its own.
 */
function privateCopyOfVoxels(volume: HostVolume): ArrayLike<number> | undefined {
  const manager = volume.voxelManager;
  const assembled = manager?.getCompleteScalarDataArray?.();
  if (assembled && assembled !== manager?.scalarData) return assembled;
  const shared = assembled ?? manager?.getScalarData?.();
  return shared ? (shared as NumericArray).slice() : undefined;
}

export function ctVolumeOf(cs: Cornerstone, volume: HostVolume): CtVolume {
  const raw = privateCopyOfVoxels(volume);
  if (!raw || raw.length === 0) throw new Error('the host has no voxel data for this series');
  const dims = Array.from(volume.dimensions) as Vec3;
  if (raw.length !== dims[0] * dims[1] * dims[2]) {
    throw new Error(`the host volume holds ${raw.length} voxels for a ${dims.join(' x ')} grid`);
  }
  return {
    voxels: rescaleUnscaledSlices(cs, volume, asHounsfield(raw)),
    dims,
    spacing: Array.from(volume.spacing) as Vec3,
    direction: Array.from(volume.direction),
    origin: Array.from(volume.origin) as Vec3,
  };
}
