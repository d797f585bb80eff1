/**
 * A removed "Bones (AI)" segmentation leaves nothing in Cornerstone's cache: its labelmap slices, the labelmap
 * volume a volume viewport built from them under a random id (the JS-heap growth of issue 14 item 16), and its
 * surfaces. The CT and other segmentations stay.
 */
import { releaseCacheWhenRemoved } from '../../../extensions/bone-segmentation/src/ohif/releaseOnRemove';

const REMOVED = 'SEGMENTATION_REMOVED';

function fakeCornerstone() {
  const target = new EventTarget();
  const images = new Set(['ct:1', 'ct:2', 'seg-a:1', 'seg-a:2', 'seg-b:1']);
  const volumes = new Map<string, string[]>([
    ['ct-volume', ['ct:1', 'ct:2']],
    ['0c1d5e0e-uuid-of-a', ['seg-a:1', 'seg-a:2']],
    ['bones-ai-a-storage-0-geometry', []],
    ['9f00-uuid-of-b', ['seg-b:1']],
  ]);
  const geometries = new Set(['segmentation_bones-ai-a_surface_3', 'segmentation_bones-ai-b_surface_3']);
  const cs = {
    eventTarget: target,
    cache: {
      removeImageLoadObject: (id: string) => images.delete(id),
      getVolumes: () => [...volumes].map(([volumeId, imageIds]) => ({ volumeId, imageIds })),
      removeVolumeLoadObject: (id: string) => volumes.delete(id),
      getGeometryLoadObject: (id: string) => (geometries.has(id) ? {} : undefined),
      removeGeometryLoadObject: (id: string) => geometries.delete(id),
    },
  };
  const tools = { Enums: { Events: { SEGMENTATION_REMOVED: REMOVED } } };
  return { cs, tools, images, volumes, geometries, target };
}

describe('releaseCacheWhenRemoved', () => {
  it('frees the removed segmentation\'s slices, every volume built from them and its surfaces, nothing else', () => {
    const { cs, tools, images, volumes, geometries, target } = fakeCornerstone();
    releaseCacheWhenRemoved(cs as never, tools as never, 'bones-ai-a', ['seg-a:1', 'seg-a:2']);
    releaseCacheWhenRemoved(cs as never, tools as never, 'bones-ai-b', ['seg-b:1']);
    target.dispatchEvent(new CustomEvent(REMOVED, { detail: { segmentationId: 'bones-ai-a' } }));
    expect([...images].sort()).toEqual(['ct:1', 'ct:2', 'seg-b:1']);
    expect([...volumes.keys()].sort()).toEqual(['9f00-uuid-of-b', 'ct-volume']);
    expect([...geometries]).toEqual(['segmentation_bones-ai-b_surface_3']);
  });

  it('ignores segmentations it was not given (a SEG loaded by the host, another tool\'s)', () => {
    const { cs, tools, images, volumes, target } = fakeCornerstone();
    releaseCacheWhenRemoved(cs as never, tools as never, 'bones-ai-a', ['seg-a:1', 'seg-a:2']);
    target.dispatchEvent(new CustomEvent(REMOVED, { detail: { segmentationId: 'other' } }));
    expect(images.size).toBe(5);
    expect(volumes.size).toBe(4);
  });
});
