/**
 * "Export STL": the active "Bones (AI)" segmentation (as edited) becomes one binary STL per bone, meshed in a
 * worker by the same core mesher as the CLI, downloaded as a zip. The segmentation itself is only read.
 */
import { storeZip } from '../export/storeZip';
import { SEGMENTATION_LABEL } from '../ohif/boneSegments';
import { getHostCornerstone } from '../ohif/hostLibraries';
import type { OhifSegmentation, SegmentationHostServices } from '../ohif/hostServices';
import { readBonesLabelmap } from '../ohif/readBonesLabelmap';
import type { ExtensionParams } from '../ohif/types';
import { createMeshWorker } from '../worker/createSegmentationWorker';
import { meshInWorker } from '../worker/meshWorkerClient';

const TITLE = 'Export STL';
export const STL_EXPORTED_EVENT = 'bone-segmentation:stl-exported';

/** The "Bones (AI)" segmentation shown in the active viewport, else the newest one. */
export function activeBonesSegmentation(services: SegmentationHostServices): OhifSegmentation | undefined {
  const ours = services.segmentationService.getSegmentations().filter((s) => s.label === SEGMENTATION_LABEL);
  const viewportId = services.viewportGridService.getActiveViewportId();
  const shown = new Set((services.segmentationService.getSegmentationRepresentations?.(viewportId) ?? []).map((r) => r.segmentationId));
  return ours.filter((s) => shown.has(s.segmentationId)).at(-1) ?? ours.at(-1);
}

function download(bytes: Uint8Array, fileName: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Long enough for the browser to start the download from the blob.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export async function exportBonesStl(params: ExtensionParams, modelVersion: string): Promise<{ files: string[] } | { error: string }> {
  const services = params.servicesManager.services as unknown as SegmentationHostServices;
  const notify = (type: 'info' | 'success' | 'error', message: string, duration = 8000): void =>
    void services.uiNotificationService?.show({ title: TITLE, message, type, duration });
  const segmentation = activeBonesSegmentation(services);
  if (!segmentation) {
    notify('info', 'There is no "Bones (AI)" segmentation to export yet: run "Segment bones" first.');
    return { error: 'no segmentation' };
  }
  const { cornerstone } = getHostCornerstone(params.extensionManager);
  try {
    if (!cornerstone) throw new Error('the viewer does not expose Cornerstone');
    const grid = readBonesLabelmap(cornerstone, segmentation);
    notify('info', `Building ${grid.values.length} bone surfaces...`, 4000);
    const files = await meshInWorker(createMeshWorker, { type: 'mesh', labels: grid.labels, geometry: grid.geometry, values: grid.values, modelVersion });
    if (files.length === 0) {
      notify('info', 'The segmentation holds no bone voxels; nothing was exported.');
      return { error: 'empty' };
    }
    download(storeZip(files.map((f) => ({ name: f.name, bytes: f.bytes }))), 'bones-stl.zip');
    const summary = files.map((f) => `${f.name} (${f.triangles} triangles)`).join(', ');
    notify('success', `bones-stl.zip: ${summary}. Millimetres, DICOM patient coordinates (LPS).`);
    globalThis.dispatchEvent?.(new CustomEvent(STL_EXPORTED_EVENT, { detail: { files: files.map((f) => ({ name: f.name, triangles: f.triangles })) } }));
    return { files: files.map((f) => f.name) };
  } catch (error) {
    const message = `The STL files could not be made: ${error instanceof Error ? error.message : String(error)}. The segmentation is unchanged.`;
    notify('error', message, 12_000);
    return { error: message };
  }
}
