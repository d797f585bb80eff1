/**
 * "Store to PACS": the active "Bones (AI)" segmentation, as edited, becomes a DICOM SEG in the study's PACS, through
 * the host's own generateSegmentation (SEGMENTATION context) and createStoreFunction (STOW-RS through the data
 * source). Binary SEG, explicit little endian by default (what PACS accept most widely); the label-map SEG when the
 * extension is configured with `segFormat: 'labelmap'`. Bones get SNOMED CT codes and AUTOMATIC / SEMIAUTOMATIC
 * from the label table and the edit check. The labelmap in the viewer stays as it is, whatever happens: this never
 * calls the host panel's store, which removes the labelmap after storing.
 */
import { applyBoneSegmentCodes } from '../export/boneSegDataset';
import { editedSegments, segmentFingerprints } from '../export/segmentFingerprint';
import { getHostCornerstone } from '../ohif/hostLibraries';
import type { SegmentationHostServices } from '../ohif/hostServices';
import { modelOutputOf } from '../ohif/modelFingerprints';
import { readBonesLabelmap } from '../ohif/readBonesLabelmap';
import type { ExtensionParams } from '../ohif/types';
import { pluginAssetBase } from '../worker/createSegmentationWorker';
import { activeBonesSegmentation } from './exportBonesStl';

const TITLE = 'Store to PACS';
export const SEG_STORED_EVENT = 'bone-segmentation:seg-stored';
export const BINARY_SEG_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';
export const LABELMAP_SEG_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.66.7';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

interface DataSource {
  getConfig?: () => { qidoRoot?: string; wadoRoot?: string } | undefined;
}

interface HostExtensionManager {
  activeDataSourceName?: string;
  getActiveDataSource?: () => DataSource[];
}

export type StoreOutcome =
  | { status: 'stored'; seriesInstanceUid: string; sopInstanceUid: string; segments: number[]; edited: number[]; sopClassUid: string }
  | { status: 'failed'; message: string }
  | { status: 'nothing'; message: string };

/** Identifies this plugin as the writer of the Part 10 file (a 2.25 UUID-derived UID). */
const IMPLEMENTATION_CLASS_UID = '2.25.232793079395185700584870360389303953609';

/**
 * The Part 10 encoding of the dataset, with a complete file meta header. The host's store builds the meta from
 * `dataset._meta` after its local-copy step has rewritten that object into another shape, and the File Meta
 * Information Version is lost (dciodvfy: "Missing attribute Type 1 Required Element=<FileMetaInformationVersion>").
 * dcmjs is loaded only when storing.
 */
async function part10Dict(dataset: Record<string, unknown>): Promise<unknown> {
  const { default: dcmjs } = await import('dcmjs');
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const meta = {
    FileMetaInformationVersion: Uint8Array.of(0, 1).buffer,
    MediaStorageSOPClassUID: dataset.SOPClassUID,
    MediaStorageSOPInstanceUID: dataset.SOPInstanceUID,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: 'BONESEG_OHIF',
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return dict;
}

async function modelIdentity(): Promise<{ name: string; version: string }> {
  try {
    const json = (await (await fetch(new URL('model.json', pluginAssetBase()).href)).json()) as { name?: string; version?: string };
    return { name: json.name ?? 'bone model', version: json.version ?? 'unknown' };
  } catch {
    return { name: 'bone model', version: 'unknown' };
  }
}

/** Whether the PACS holds the instance: the truth when the host's store reports an error after all (OHIF 6275). */
async function pacsHasInstance(qidoRoot: string | undefined, study: string, series: string, sop: string): Promise<boolean> {
  if (!qidoRoot) return false;
  try {
    const response = await fetch(`${qidoRoot}/studies/${study}/series/${series}/instances?SOPInstanceUID=${sop}`, { headers: { Accept: 'application/dicom+json' } });
    if (!response.ok) return false;
    const found = (await response.json()) as Array<Record<string, { Value?: string[] }>>;
    return found.some((i) => i['00080018']?.Value?.[0] === sop);
  } catch {
    return false;
  }
}

export async function storeBonesSegmentation(params: ExtensionParams): Promise<StoreOutcome> {
  const services = params.servicesManager.services as unknown as SegmentationHostServices;
  const notify = (type: 'info' | 'success' | 'error', message: string, duration = 10_000): void =>
    void services.uiNotificationService?.show({ title: TITLE, message, type, duration });
  const segmentation = activeBonesSegmentation(services);
  if (!segmentation) {
    const message = 'There is no "Bones (AI)" segmentation to store yet: run "Segment bones" first.';
    notify('info', message);
    return { status: 'nothing', message };
  }
  const { cornerstone } = getHostCornerstone(params.extensionManager);
  const extensionManager = params.extensionManager as unknown as HostExtensionManager;
  const dataSourceName = extensionManager.activeDataSourceName ?? 'dicomweb';
  const sopClassUid = (params.configuration as { segFormat?: string } | undefined)?.segFormat === 'labelmap' ? LABELMAP_SEG_SOP_CLASS : BINARY_SEG_SOP_CLASS;
  let dataset: Record<string, unknown> | undefined;
  try {
    if (!cornerstone) throw new Error('the viewer does not expose Cornerstone');
    const grid = readBonesLabelmap(cornerstone, segmentation);
    const before = modelOutputOf(segmentation.segmentationId);
    const now = segmentFingerprints(grid.labels);
    // A segmentation this page did not make (loaded from a SEG) has no model record: every segment counts as edited.
    const edited = before ? editedSegments(before, now) : new Set(now.keys());
    const model = await modelIdentity();
    const generated = (await params.commandsManager.runCommand(
      'generateSegmentation',
      { segmentationId: segmentation.segmentationId, options: {
          dataSource: dataSourceName,
          sopClassUID: sopClassUid,
          // The adapter reads transferSyntaxUid first, and the host's own defaults (RLE) set both spellings.
          transferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
          transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN,
          SeriesDescription: 'Bones (AI)',
        },
      },
      'SEGMENTATION',
    )) as { dataset?: Record<string, unknown> } | undefined;
    dataset = generated?.dataset;
    if (!dataset) throw new Error('the viewer did not generate a DICOM SEG');
    const segments = applyBoneSegmentCodes(dataset, { modelName: model.name, modelVersion: model.version, edited });
    const storeFn = params.commandsManager.runCommand('createStoreFunction', { dataSource: dataSourceName }) as ((d: unknown, o?: unknown) => Promise<unknown>) | null;
    if (typeof storeFn !== 'function') throw new Error(`the data source "${dataSourceName}" cannot store DICOM`);
    const study = String(dataset.StudyInstanceUID);
    const series = String(dataset.SeriesInstanceUID);
    const sop = String(dataset.SOPInstanceUID);
    try {
      await storeFn(dataset, { dicomDict: await part10Dict(dataset) });
    } catch (error) {
      const qidoRoot = extensionManager.getActiveDataSource?.()[0]?.getConfig?.()?.qidoRoot;
      if (!(await pacsHasInstance(qidoRoot, study, series, sop))) throw error;
    }
    const editedList = segments.filter((v) => edited.has(v));
    notify(
      'success',
      `Stored "Bones (AI)" as a DICOM SEG (${segments.length} bones${editedList.length ? `, ${editedList.length} edited` : ''}) in the study. The labelmap stays here for editing.`,
    );
    const outcome: StoreOutcome = { status: 'stored', seriesInstanceUid: series, sopInstanceUid: sop, segments, edited: editedList, sopClassUid };
    globalThis.dispatchEvent?.(new CustomEvent(SEG_STORED_EVENT, { detail: outcome }));
    return outcome;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const message = `The segmentation could not be stored to the PACS (${reason}). Nothing was changed in the viewer; try again when the PACS is reachable.`;
    notify('error', message, 15_000);
    globalThis.dispatchEvent?.(new CustomEvent(SEG_STORED_EVENT, { detail: { status: 'failed', message } }));
    return { status: 'failed', message };
  }
}
