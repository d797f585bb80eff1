/**
 * BoneSegmentationHost on the real OHIF viewer: the active viewport's display set, its slice metadata from
 * Cornerstone's metadata providers, its voxels from Cornerstone, host notifications, and the labelmap writer.
 */
import type * as CornerstoneCore from '@cornerstonejs/core';
import type * as CornerstoneTools from '@cornerstonejs/tools';
import type { ActiveSeries, BoneSegmentationHost, NoticeKind } from './boneSegmentationController';
import type { OhifDisplaySet, SegmentationHostServices } from './hostServices';
import { createProgressNotice } from './progressNotice';
import { ctVolumeOf, loadHostVolume } from './readCtVolume';
import type { SeriesFacts, SliceFacts } from './seriesChecks';
import { writeBonesLabelmap, type LabelmapTarget } from './writeBonesLabelmap';

type Cornerstone = typeof CornerstoneCore;
type Tools = typeof CornerstoneTools;

export interface OhifTarget {
  viewportId: string;
  displaySet: OhifDisplaySet;
  imageIds: string[];
  /** Set by readVolume: the CT image id of each slice of the volume that was segmented. */
  labelmapTarget?: LabelmapTarget;
}

export interface DataSourceLike {
  getImageIdsForDisplaySet?(displaySet: OhifDisplaySet): string[];
}

interface ImagePlane {
  imagePositionPatient?: number[];
  imageOrientationPatient?: number[];
  rowCosines?: number[];
  columnCosines?: number[];
  rows?: number;
  columns?: number;
}

const asArray = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split('\\') : [];

function numbers(value: unknown): number[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out = value.map(Number);
  return out.every(Number.isFinite) ? out : undefined;
}

/** What the checks need, from Cornerstone's metadata (per frame, so multi-frame series work) or OHIF's instances. */
export function seriesFactsOf(cs: Cornerstone, displaySet: OhifDisplaySet, imageIds: string[]): SeriesFacts {
  const first = displaySet.instances?.[0] ?? {};
  let rows = Number(first.Rows) || undefined;
  let columns = Number(first.Columns) || undefined;
  let slices: SliceFacts[];
  if (imageIds.length > 0) {
    slices = imageIds.map((imageId) => {
      const plane = (cs.metaData.get('imagePlaneModule', imageId) ?? {}) as ImagePlane;
      rows ??= plane.rows;
      columns ??= plane.columns;
      const orientation =
        numbers(plane.imageOrientationPatient) ??
        (plane.rowCosines && plane.columnCosines ? numbers([...plane.rowCosines, ...plane.columnCosines]) : undefined);
      return { position: numbers(plane.imagePositionPatient), orientation };
    });
  } else {
    slices = (displaySet.instances ?? []).map((instance) => ({
      position: numbers(instance.ImagePositionPatient),
      orientation: numbers(instance.ImageOrientationPatient),
    }));
  }
  return {
    modality: displaySet.Modality ?? (first.Modality as string | undefined),
    seriesDescription: displaySet.SeriesDescription ?? (first.SeriesDescription as string | undefined),
    imageType: asArray(first.ImageType),
    rows,
    columns,
    slices,
  };
}

export function createOhifHost(
  cs: Cornerstone,
  tools: Tools,
  services: SegmentationHostServices,
  dataSource: () => DataSourceLike | undefined,
  /** Called once the MPR viewports show a new segmentation (the 3D surfaces are built then). */
  onLabelmapShown?: (segmentationId: string) => void,
): BoneSegmentationHost<OhifTarget> {
  const { viewportGridService, displaySetService, uiNotificationService } = services;

  return {
    activeSeries(): ActiveSeries<OhifTarget> | undefined {
      const viewportId = viewportGridService.getActiveViewportId();
      const viewport = viewportGridService.getState().viewports.get(viewportId);
      const uid = viewport?.displaySetInstanceUIDs?.[0];
      const displaySet = uid ? displaySetService.getDisplaySetByUID(uid) : undefined;
      if (!displaySet) return undefined;
      const imageIds = displaySet.imageIds?.length ? displaySet.imageIds : (dataSource()?.getImageIdsForDisplaySet?.(displaySet) ?? []);
      return { target: { viewportId, displaySet, imageIds }, facts: seriesFactsOf(cs, displaySet, imageIds) };
    },

    async readVolume(target, signal) {
      const volume = await loadHostVolume(cs, target.displaySet, target.imageIds, signal);
      const ct = ctVolumeOf(cs, volume);
      // createLabelmapForDisplaySet derives its slices from displaySet.imageIds, which a stack-only display set
      // may lack; hand it a copy that has them rather than changing the host's object.
      const displaySet = target.displaySet.imageIds?.length ? target.displaySet : { ...target.displaySet, imageIds: target.imageIds };
      target.labelmapTarget = { displaySet, sliceImageIds: [...volume.imageIds], sliceSize: ct.dims[0] * ct.dims[1] };
      return ct;
    },

    createSegmentation(target, labels, segments) {
      if (!target.labelmapTarget) return Promise.reject(new Error('the CT volume was not read'));
      return writeBonesLabelmap(cs, tools, services, target.labelmapTarget, labels, segments, onLabelmapShown);
    },

    notify(kind: NoticeKind, title: string, message: string) {
      uiNotificationService?.show({ title, message, type: kind, duration: kind === 'error' ? 12_000 : 6_000 });
    },

    showProgress(onCancel) {
      return createProgressNotice(uiNotificationService, onCancel);
    },
  };
}
