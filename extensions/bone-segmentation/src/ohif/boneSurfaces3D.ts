/**
 * The 3D view's bone surfaces come from our mesh worker, never from Cornerstone's polySeg. polySeg in Cornerstone
 * 5.6.8 converts the whole labelmap once per segment on the main thread's schedule (71-117 s for the sample in
 * software rendering) and again 300 ms after every brush stroke (OHIF 6103). So a "Bones (AI)" segmentation gets
 * an empty Surface representation as soon as it exists (Cornerstone then never asks polySeg for one), the worker's
 * meshes are put in Cornerstone's geometry cache under the ids polySeg would have used, and the listener that would
 * re-run polySeg on each edit is never registered (guardAgainstPolySeg). "Update 3D" recomputes them from the
 * edited labelmap.
 */
import type * as CornerstoneCore from '@cornerstonejs/core';
import type * as CornerstoneTools from '@cornerstonejs/tools';
import { meshBounds } from '../core/mesh/mesh-ops';
import type { BoneSurface } from '../export/boneSurfaces';
import { whenSegmentationRendered } from './whenSegmentationRendered';
import type { SegmentationHostServices } from './hostServices';

type Cornerstone = typeof CornerstoneCore;
type Tools = typeof CornerstoneTools;
type Vec3 = [number, number, number];

const SURFACE = 'Surface';
const VOLUME_3D = 'volume3d';

/** The id polySeg gives a segment's surface; releaseOnRemove frees these with the segmentation. */
export function surfaceGeometryId(segmentationId: string, segmentIndex: number): string {
  return `segmentation_${segmentationId}_surface_${segmentIndex}`;
}

interface SurfaceRepresentationData {
  geometryIds: Map<number, string>;
}

interface SegmentationState {
  representationData: Record<string, unknown> & { Surface?: SurfaceRepresentationData };
}

function segmentationState(tools: Tools, segmentationId: string): SegmentationState | undefined {
  return tools.segmentation.state.getSegmentation(segmentationId) as unknown as SegmentationState | undefined;
}

const ours = new Set<string>();
let guarding = false;

/**
 * Cornerstone 5.6.8 registers a "re-run polySeg 300 ms after each data change" listener on its event target every
 * time a Surface representation of a segmentation is added to a viewport, or added again (the host does that after
 * a brush stroke): it announces "representation modified", registers the listener, then announces a data change
 * that the listener, debounced, turns into a full conversion (seen: one convertLabelmapToSurface message per segment
 * to polySeg's worker, and polySeg's surfaces replacing ours). Removing the listener afterwards cannot cancel its
 * pending timer, so for our segmentations it is never registered: the debounced data-change listener Cornerstone
 * adds right after announcing a Surface representation of ours is dropped. The e2e test counts the messages that
 * reach polySeg's worker.
 */
function guardAgainstPolySeg(cs: Cornerstone, tools: Tools, segmentationId: string): void {
  ours.add(segmentationId);
  if (guarding) return;
  guarding = true;
  const { Events } = tools.Enums;
  const target = cs.eventTarget as unknown as { addEventListener(type: string, callback: unknown): void };
  const register = target.addEventListener.bind(target);
  let dropNextDataListener = false;
  target.addEventListener = (type: string, callback: unknown): void => {
    // The listener is Cornerstone's `(event) => { debouncedHandler(event); }` (the host's build is not minified);
    // anything else registered in that moment (another handler of the same announcement) is kept.
    if (dropNextDataListener && type === Events.SEGMENTATION_DATA_MODIFIED && String(callback).includes('debouncedHandler')) {
      dropNextDataListener = false;
      return;
    }
    register(type, callback);
  };
  cs.eventTarget.addEventListener(Events.SEGMENTATION_REPRESENTATION_MODIFIED, (event: Event) => {
    const detail = (event as CustomEvent<{ segmentationId?: string; type?: string }>).detail;
    if (!detail?.segmentationId || !ours.has(detail.segmentationId) || detail.type !== SURFACE) return;
    dropNextDataListener = true;
    // Only within this synchronous addition.
    queueMicrotask(() => (dropNextDataListener = false));
  });
  cs.eventTarget.addEventListener(Events.SEGMENTATION_REMOVED, (event: Event) => {
    const id = (event as CustomEvent<{ segmentationId?: string }>).detail?.segmentationId;
    if (id) ours.delete(id);
  });
}

/**
 * Gives the segmentation an (empty) Surface representation, so no viewport that later shows it in 3D (the host's
 * sync, a layout change) starts polySeg, and keeps polySeg's per-edit listener off it. Idempotent.
 */
export function reserveSurfaceRepresentation(cs: Cornerstone, tools: Tools, segmentationId: string): void {
  const segmentation = segmentationState(tools, segmentationId);
  if (!segmentation) return;
  guardAgainstPolySeg(cs, tools, segmentationId);
  segmentation.representationData.Surface ??= { geometryIds: new Map() };
}

interface ActorEntryLike {
  uid: string;
  representationUID?: string;
  actor: {
    getClassName?: () => string;
    setVisibility?: (visible: boolean) => void;
    getVisibility?: () => boolean;
    getMapper?: () => { getInputData(): PolyDataLike; modified(): void } | null;
  };
}

interface PolyDataLike {
  getPoints(): { setData(values: Float32Array, components: number): void; modified?: () => void };
  getPolys(): { setData(values: Float32Array | Uint32Array, components?: number): void; modified?: () => void };
  modified(): void;
}

export interface Viewport3DLike {
  id: string;
  type?: string;
  getActors(): ActorEntryLike[];
  render(): void;
  setCamera(camera: Record<string, unknown>): void;
  getRenderer?: () => { resetCameraClippingRange(bounds?: number[]): void };
  canvas?: { clientWidth: number; clientHeight: number };
}

/** The grid's 3D viewports that show a series: the one holding `referencedImageId`, or any when it is not given. */
export function volume3dViewports(services: SegmentationHostServices, referencedImageId?: string): Viewport3DLike[] {
  const { viewports } = services.viewportGridService.getState();
  const found: Viewport3DLike[] = [];
  for (const [viewportId, gridViewport] of viewports) {
    const viewport = services.cornerstoneViewportService.getCornerstoneViewport(viewportId) as unknown as Viewport3DLike | null | undefined;
    if (!viewport || viewport.type !== VOLUME_3D) continue;
    const shows = (gridViewport.displaySetInstanceUIDs ?? []).some((uid) => {
      const imageIds = services.displaySetService.getDisplaySetByUID(uid)?.imageIds;
      return !imageIds || !referencedImageId || imageIds.includes(referencedImageId);
    });
    if (shows) found.push(viewport);
  }
  return found;
}

/** vtk's cell layout: a count, then the vertex indices, per triangle. */
function vtkPolys(triangles: Uint32Array): Float32Array {
  const polys = new Float32Array((triangles.length / 3) * 4);
  for (let t = 0, o = 0; t < triangles.length; t += 3, o += 4) {
    polys[o] = 3;
    polys[o + 1] = triangles[t];
    polys[o + 2] = triangles[t + 1];
    polys[o + 3] = triangles[t + 2];
  }
  return polys;
}

/** The box around every surface, or null when there are none. */
function surfaceBounds(surfaces: BoneSurface[]): { min: Vec3; max: Vec3 } | null {
  if (surfaces.length === 0) return null;
  const boxes = surfaces.map(meshBounds);
  const min = [0, 1, 2].map((a) => Math.min(...boxes.map((b) => b.min[a]))) as Vec3;
  const max = [0, 1, 2].map((a) => Math.max(...boxes.map((b) => b.max[a]))) as Vec3;
  return Number.isFinite(min[0]) ? { min, max } : null;
}

/**
 * The planning view: seen from the front (the camera on the patient's anterior side, head up), every bone in the
 * frame with a 10 % margin. Parallel projection as Cornerstone's 3D viewport uses.
 */
export function anteriorCameraFitting(bounds: { min: Vec3; max: Vec3 }, aspect: number): Record<string, unknown> {
  const centre = [0, 1, 2].map((a) => (bounds.min[a] + bounds.max[a]) / 2) as Vec3;
  const width = bounds.max[0] - bounds.min[0];
  const height = bounds.max[2] - bounds.min[2];
  const depth = bounds.max[1] - bounds.min[1];
  const parallelScale = (1.1 * Math.max(height, width / Math.max(aspect, 1e-3))) / 2;
  const distance = 4 * Math.max(width, height, depth, 1);
  // LPS: anterior is -y, superior +z. viewPlaneNormal points from the focal point to the camera.
  return {
    focalPoint: centre,
    position: [centre[0], centre[1] - distance, centre[2]],
    viewUp: [0, 0, 1],
    viewPlaneNormal: [0, -1, 0],
    parallelScale,
  };
}

function fitCamera(viewport: Viewport3DLike, surfaces: BoneSurface[]): void {
  const bounds = surfaceBounds(surfaces);
  if (!bounds) return;
  const aspect = viewport.canvas && viewport.canvas.clientHeight > 0 ? viewport.canvas.clientWidth / viewport.canvas.clientHeight : 1;
  viewport.setCamera(anteriorCameraFitting(bounds, aspect));
  viewport.getRenderer?.().resetCameraClippingRange();
  viewport.render();
}

/** Swaps a drawn surface's triangles in place, so the user's camera stays where it is. */
function updateActorInPlace(entry: ActorEntryLike, points: Float32Array, polys: Float32Array): boolean {
  const mapper = entry.actor.getMapper?.();
  const polyData = mapper?.getInputData();
  if (!mapper || !polyData) return false;
  polyData.getPoints().setData(points, 3);
  polyData.getPolys().setData(polys, 1);
  polyData.getPoints().modified?.();
  polyData.getPolys().modified?.();
  polyData.modified();
  mapper.modified();
  return true;
}

export interface ShowSurfacesResult {
  viewportIds: string[];
  segmentIndices: number[];
  triangles: number;
}

/**
 * Puts the worker's surfaces into the 3D view(s): new geometries (replacing the previous ones), the Surface
 * representation added where it is missing (camera then set to the anterior view of the bones), drawn surfaces
 * updated in place where it exists.
 */
export async function showBoneSurfaces(
  cs: Cornerstone,
  tools: Tools,
  services: SegmentationHostServices,
  segmentationId: string,
  surfaces: BoneSurface[],
  segmentIndexOf: (value: number) => number,
): Promise<ShowSurfacesResult> {
  const segmentation = services.segmentationService.getSegmentation(segmentationId);
  const referencedImageId = segmentation?.representationData.Labelmap?.referencedImageIds?.[0];
  const plane = referencedImageId ? (cs.metaData.get('imagePlaneModule', referencedImageId) as { frameOfReferenceUID?: string } | undefined) : undefined;
  const frameOfReferenceUID = plane?.frameOfReferenceUID;
  if (!frameOfReferenceUID) throw new Error('the CT series has no frame of reference');
  reserveSurfaceRepresentation(cs, tools, segmentationId);
  const state = segmentationState(tools, segmentationId);
  if (!state?.representationData.Surface) throw new Error('the segmentation is gone');
  const geometryIds = new Map<number, string>();
  const polysOf = new Map<number, { points: Float32Array; polys: Float32Array }>();
  for (const surface of surfaces) {
    const segmentIndex = segmentIndexOf(surface.value);
    const geometryId = surfaceGeometryId(segmentationId, segmentIndex);
    const polys = vtkPolys(surface.triangles);
    if (cs.cache.getGeometryLoadObject?.(geometryId)) cs.cache.removeGeometryLoadObject(geometryId);
    cs.geometryLoader.createAndCacheGeometry(geometryId, {
      type: cs.Enums.GeometryType.SURFACE,
      geometryData: { id: geometryId, points: surface.positions as unknown as number[], polys: polys as unknown as number[], frameOfReferenceUID, segmentIndex },
    } as unknown as Parameters<Cornerstone['geometryLoader']['createAndCacheGeometry']>[1]);
    geometryIds.set(segmentIndex, geometryId);
    polysOf.set(segmentIndex, { points: surface.positions, polys });
  }
  // A bone erased completely loses its surface.
  for (const [segmentIndex, geometryId] of state.representationData.Surface.geometryIds) {
    if (geometryIds.has(segmentIndex)) continue;
    if (cs.cache.getGeometryLoadObject?.(geometryId)) cs.cache.removeGeometryLoadObject(geometryId);
  }
  state.representationData.Surface.geometryIds = geometryIds;

  const viewports = volume3dViewports(services, referencedImageId);
  for (const viewport of viewports) {
    const shown = (services.segmentationService.getSegmentationRepresentations(viewport.id, { segmentationId }) ?? []).some((r) => r.type === SURFACE);
    const entries = viewport.getActors();
    for (const entry of entries) {
      const prefix = `${segmentationId}-${SURFACE}-`;
      if (!entry.representationUID?.startsWith(prefix)) continue;
      const segmentIndex = Number(entry.representationUID.slice(prefix.length));
      const next = polysOf.get(segmentIndex);
      if (next) updateActorInPlace(entry, next.points, next.polys);
      else entry.actor.setVisibility?.(false);
    }
    const rendered = new Promise<void>((resolve) => whenSegmentationRendered(cs, tools, segmentationId, [viewport.id], 10_000, resolve));
    if (!shown) {
      await services.segmentationService.addSegmentationRepresentation(viewport.id, { segmentationId, type: SURFACE });
    } else {
      // This viewport only: "segmentation modified" would redraw the MPR labelmaps too (0.7-1.2 s of main thread
      // for a 512 x 512 x 300 labelmap drawn in software, measured 2026-12-08).
      tools.segmentation.triggerSegmentationEvents.triggerSegmentationRepresentationModified(viewport.id, segmentationId, SURFACE as never);
    }
    await rendered;
    if (!shown) fitCamera(viewport, surfaces);
    else viewport.render();
  }
  return {
    viewportIds: viewports.map((v) => v.id),
    segmentIndices: [...geometryIds.keys()],
    triangles: surfaces.reduce((sum, s) => sum + s.triangles.length / 3, 0),
  };
}
