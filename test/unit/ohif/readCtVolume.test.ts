import type * as CornerstoneCore from '@cornerstonejs/core';
import { ctVolumeOf, volumeIdFor, type HostVolume } from '../../../extensions/bone-segmentation/src/ohif/readCtVolume';

type Cs = typeof CornerstoneCore;

/** The few Cornerstone calls ctVolumeOf makes: cached images (pre-scale flag) and the modality LUT metadata. */
function cornerstone(images: Record<string, { preScale?: { scaled?: boolean } }>, luts: Record<string, { rescaleSlope: number; rescaleIntercept: number }> = {}): Cs {
  return {
    cache: { getImage: (id: string) => images[id] },
    metaData: { get: (module: string, id: string) => (module === 'modalityLutModule' ? luts[id] : undefined) },
  } as unknown as Cs;
}

function hostVolume(data: ArrayLike<number>, manager: 'image-backed' | 'scalar' = 'image-backed'): HostVolume {
  const array = data;
  return {
    volumeId: 'cornerstoneStreamingImageVolume:ds-1',
    imageIds: ['wadors:a', 'wadors:b'],
    dimensions: [2, 2, 2],
    spacing: [0.8, 0.8, 3],
    direction: new Float32Array([1, 0, 0, 0, 1, 0, 0, 0, 1]),
    origin: [-10, -20, 30],
    voxelManager:
      manager === 'image-backed'
        ? { getCompleteScalarDataArray: () => (array as Int16Array).slice() }
        : { scalarData: array, getScalarData: () => array, getCompleteScalarDataArray: () => array },
  };
}

describe('ctVolumeOf', () => {
  it('reads geometry and HU voxels as plain arrays', () => {
    const v = ctVolumeOf(cornerstone({}), hostVolume(Int16Array.from([-1000, 0, 40, 1200, -1000, 0, 40, 1200])));
    expect(v.dims).toEqual([2, 2, 2]);
    expect(v.spacing).toEqual([0.8, 0.8, 3]);
    expect(v.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(v.origin).toEqual([-10, -20, 30]);
    expect(v.voxels).toBeInstanceOf(Int16Array);
    expect(Array.from(v.voxels)).toEqual([-1000, 0, 40, 1200, -1000, 0, 40, 1200]);
  });

  it('never hands out the array the host renders from (it is transferred away afterwards)', () => {
    const hostArray = Int16Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const v = ctVolumeOf(cornerstone({}), hostVolume(hostArray, 'scalar'));
    expect(v.voxels).not.toBe(hostArray);
    expect(v.voxels.buffer).not.toBe(hostArray.buffer);
    expect(Array.from(v.voxels)).toEqual(Array.from(hostArray));
  });

  it('turns unsigned data into Int16 when it fits and Float32 when it does not', () => {
    expect(ctVolumeOf(cornerstone({}), hostVolume(Uint16Array.from([0, 1, 2, 3, 4, 5, 6, 7]))).voxels).toBeInstanceOf(Int16Array);
    const wide = ctVolumeOf(cornerstone({}), hostVolume(Uint16Array.from([0, 40000, 2, 3, 4, 5, 6, 7])));
    expect(wide.voxels).toBeInstanceOf(Float32Array);
    expect(wide.voxels[1]).toBe(40000);
  });

  it('applies each slice own rescale when the host did not pre-scale it', () => {
    const cs = cornerstone(
      { 'wadors:a': { preScale: { scaled: true } }, 'wadors:b': { preScale: { scaled: false } } },
      { 'wadors:b': { rescaleSlope: 1, rescaleIntercept: -1024 } },
    );
    const v = ctVolumeOf(cs, hostVolume(Int16Array.from([-1000, 0, 40, 1200, 24, 1024, 1064, 2224])));
    expect(Array.from(v.voxels)).toEqual([-1000, 0, 40, 1200, -1000, 0, 40, 1200]);
  });

  it('refuses a volume whose voxel count does not match its grid', () => {
    expect(() => ctVolumeOf(cornerstone({}), hostVolume(new Int16Array(5)))).toThrow('holds 5 voxels for a 2 x 2 x 2 grid');
  });
});

describe('volumeIdFor', () => {
  it('uses the id OHIF gives the same display set, so MPR viewports and we share one volume', () => {
    expect(volumeIdFor({ displaySetInstanceUID: 'ds-1' })).toBe('cornerstoneStreamingImageVolume:ds-1');
    expect(volumeIdFor({ displaySetInstanceUID: 'ds-1', volumeLoaderSchema: 'decimated' })).toBe('decimated:ds-1');
  });
});
