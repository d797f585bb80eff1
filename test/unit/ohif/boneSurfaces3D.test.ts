/** The 3D view's camera and geometry ids for the worker's bone surfaces (the drawing itself is checked in the e2e). */
import { edgeDefects } from '../../../extensions/bone-segmentation/src/core/mesh/mesh-ops';
import { boneSurfaces } from '../../../extensions/bone-segmentation/src/export/boneSurfaces';
import { anteriorCameraFitting, reserveSurfaceRepresentation, surfaceGeometryId } from '../../../extensions/bone-segmentation/src/ohif/boneSurfaces3D';

describe('bone surfaces in the 3D view', () => {
  it('looks at the bones from the front (camera anterior, -y in LPS), head up, centred, all bones in the frame', () => {
    // A pelvis-sized box: 300 mm wide (x), 200 deep (y), 250 tall (z).
    const bounds = { min: [-150, -100, 0] as [number, number, number], max: [150, 100, 250] as [number, number, number] };
    const camera = anteriorCameraFitting(bounds, 1.5) as { focalPoint: number[]; position: number[]; viewUp: number[]; viewPlaneNormal: number[]; parallelScale: number };
    expect(camera.focalPoint).toEqual([0, 0, 125]);
    expect(camera.viewPlaneNormal).toEqual([0, -1, 0]);
    expect(camera.viewUp).toEqual([0, 0, 1]);
    expect(camera.position[1]).toBeLessThan(bounds.min[1]);
    expect(camera.position[0]).toBe(0);
    // Parallel scale is half the visible height: the 250 mm height and the 300 mm width at aspect 1.5 both fit.
    expect(camera.parallelScale * 2).toBeGreaterThanOrEqual(250);
    expect(camera.parallelScale * 2 * 1.5).toBeGreaterThanOrEqual(300);
    expect(camera.parallelScale * 2).toBeLessThan(250 * 1.2);
    // A tall narrow viewport: the width decides.
    const narrow = anteriorCameraFitting(bounds, 0.5) as { parallelScale: number };
    expect(narrow.parallelScale * 2 * 0.5).toBeGreaterThanOrEqual(300);
  });

  it('names surfaces as polySeg does, so removing the segmentation frees them', () => {
    expect(surfaceGeometryId('bones-ai-1', 7)).toBe('segmentation_bones-ai-1_surface_7');
  });

  it('meshes 60 segments, one after another, each on its own box (cornerstone3D 2577: allocation failure with many segments)', () => {
    // 60 cubes of 6^3 voxels on a 100 x 80 x 40 grid, one label value each.
    const dims = [100, 80, 40] as const;
    const labels = new Uint8Array(dims[0] * dims[1] * dims[2]);
    const values: number[] = [];
    for (let n = 0; n < 60; n++) {
      const value = n + 1;
      values.push(value);
      const [x0, y0, z0] = [(n % 10) * 10 + 2, Math.floor(n / 10) * 12 + 2, 10 + (n % 3) * 8];
      for (let z = z0; z < z0 + 6; z++) for (let y = y0; y < y0 + 6; y++) for (let x = x0; x < x0 + 6; x++) labels[(z * dims[1] + y) * dims[0] + x] = value;
    }
    const geometry = { dims: [...dims] as [number, number, number], spacing: [1, 1, 1] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], origin: [0, 0, 0] as [number, number, number] };
    const surfaces = boneSurfaces(labels, geometry, values);
    expect(surfaces.map((s) => s.value)).toEqual(values);
    for (const s of surfaces) expect(edgeDefects({ positions: s.positions, triangles: s.triangles })).toEqual({ nonManifoldEdges: 0, misorientedEdges: 0 });
  });

  it('never lets Cornerstone register its polySeg re-run listener for our segmentation, and keeps everyone else\'s', () => {
    // Cornerstone's event target (a plain object whose dispatch iterates a copy of its listeners) and the order of
    // internalAddSegmentationRepresentation in 5.6.8: announce, register the debounced listener, announce a change.
    const listeners = new Map<string, Array<(e: Event) => void>>();
    const eventTarget = {
      addEventListener(type: string, cb: (e: Event) => void) {
        listeners.set(type, [...(listeners.get(type) ?? []), cb]);
      },
      removeEventListener() {},
      dispatchEvent(event: Event) {
        for (const cb of [...(listeners.get(event.type) ?? [])]) cb(event);
        return true;
      },
    };
    const Events = {
      SEGMENTATION_MODIFIED: 'modified',
      SEGMENTATION_DATA_MODIFIED: 'data',
      SEGMENTATION_REPRESENTATION_MODIFIED: 'representation',
      SEGMENTATION_REMOVED: 'removed',
    };
    const segmentations = new Map([['bones-ai-1', { representationData: {} as Record<string, unknown> }], ['user', { representationData: {} }]]);
    const tools = { Enums: { Events }, segmentation: { state: { getSegmentation: (id: string) => segmentations.get(id) } } };
    const cs = { eventTarget };
    reserveSurfaceRepresentation(cs as never, tools as never, 'bones-ai-1');
    expect((segmentations.get('bones-ai-1')!.representationData.Surface as { geometryIds: Map<number, string> }).geometryIds.size).toBe(0);

    const conversions: string[] = [];
    // Written as Cornerstone's createDebouncedSegmentationListener returns it.
    const polySegListenerFor = (id: string) => {
      const debouncedHandler = (_event: Event): void => void conversions.push(id);
      return (event: Event) => {
        debouncedHandler(event);
      };
    };
    const addSurface = (id: string): void => {
      eventTarget.dispatchEvent(new CustomEvent('representation', { detail: { segmentationId: id, type: 'Surface' } }));
      eventTarget.addEventListener('data', polySegListenerFor(id));
      eventTarget.dispatchEvent(new CustomEvent('data', { detail: { segmentationId: id } }));
    };
    addSurface('bones-ai-1');
    expect(conversions).toEqual([]);
    // Another segmentation keeps Cornerstone's behaviour, and so does any listener added at another moment.
    addSurface('user');
    expect(conversions).toEqual(['user']);
    const seen: string[] = [];
    eventTarget.addEventListener('data', (event: Event) => {
      seen.push(String((event as CustomEvent).detail.segmentationId));
    });
    eventTarget.dispatchEvent(new CustomEvent('data', { detail: { segmentationId: 'bones-ai-1' } }));
    expect(seen).toEqual(['bones-ai-1']);
  });
});
