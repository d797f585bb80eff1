/**
 * The OHIF services the segmentation adapter uses, typed by what OHIF 3.13.2 actually has (read from its dist).
 * Local types: the prebuilt viewer ships none, and naming exactly what we call makes a host change easy to spot.
 */

export interface OhifDisplaySet {
  displaySetInstanceUID: string;
  Modality?: string;
  SeriesDescription?: string;
  SeriesNumber?: number;
  imageIds?: string[];
  instances?: Array<Record<string, unknown>>;
  volumeLoaderSchema?: string;
  isOverlayDisplaySet?: boolean;
}

export interface GridViewport {
  viewportId: string;
  displaySetInstanceUIDs: string[];
  viewportOptions?: { viewportType?: string; orientation?: string };
}

export interface ViewportGridService {
  getActiveViewportId(): string;
  getState(): { viewports: Map<string, GridViewport> };
}

export interface DisplaySetService {
  getDisplaySetByUID(uid: string): OhifDisplaySet | undefined;
}

export interface CornerstoneViewportService {
  getCornerstoneViewport(viewportId: string): { type?: string; getAllVolumeIds?: () => string[] } | null | undefined;
  storePresentation?(args: { viewportId: string }): void;
}

export interface OhifSegmentation {
  segmentationId: string;
  label: string;
  segments: Record<string, { segmentIndex: number; label: string } | undefined>;
  representationData: { Labelmap?: { imageIds?: string[]; referencedImageIds?: string[]; volumeId?: string } };
}

export interface SegmentationService {
  createLabelmapForDisplaySet(
    displaySet: OhifDisplaySet,
    options: { segmentationId: string; label: string; segments: Record<number, Record<string, unknown>> },
  ): Promise<string>;
  addSegmentationRepresentation(
    viewportId: string,
    options: { segmentationId: string; type?: string; config?: Record<string, unknown> },
  ): Promise<void>;
  getSegmentationRepresentations(viewportId: string, specifier?: { segmentationId?: string }): Array<{ segmentationId: string; type: string }>;
  getSegmentation(segmentationId: string): OhifSegmentation | undefined;
  getSegmentations(): OhifSegmentation[];
  remove(segmentationId: string): void;
  /** Sets a segment's colour on a viewport and records that representation's colour LUT for the segmentation. */
  setSegmentColor?(viewportId: string, segmentationId: string, segmentIndex: number, color: number[]): void;
}

/** The sync group type that copies a segmentation to the other viewports of a frame of reference. */
export const HYDRATE_SEGMENTATION_SYNC = 'hydrateseg';

export interface Synchronizer {
  isDisabled(): boolean;
  setEnabled(enabled: boolean): void;
}

export interface SyncGroupService {
  getSynchronizersOfType?(type: string): Synchronizer[] | undefined;
}

export interface NoticeOptions {
  id?: string;
  title?: string;
  message: string;
  type?: 'info' | 'success' | 'warning' | 'error' | 'loading';
  duration?: number;
  autoClose?: boolean;
  action?: { label: string; onClick: (event?: Event) => void };
}

export interface NotificationService {
  show(options: NoticeOptions): unknown;
  hide?(id: string): void;
}

export interface SegmentationHostServices {
  viewportGridService: ViewportGridService;
  displaySetService: DisplaySetService;
  cornerstoneViewportService: CornerstoneViewportService;
  segmentationService: SegmentationService;
  uiNotificationService?: NotificationService;
  syncGroupService?: SyncGroupService;
}
