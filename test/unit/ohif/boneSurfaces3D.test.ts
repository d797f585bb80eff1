/** The 3D view's camera and geometry ids for the worker's bone surfaces (the drawing itself is checked in the e2e). */
import { anteriorCameraFitting, surfaceGeometryId } from '../../../extensions/bone-segmentation/src/ohif/boneSurfaces3D';

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
});
