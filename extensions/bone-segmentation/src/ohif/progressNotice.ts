/**
 * Progress as one host notification (a sonner toast in OHIF 3.13) updated in place: same id, "Stage - 42%", and a
 * Cancel action. Host UI, so no second React copy is involved.
 */
import type { NotificationService } from './hostServices';
import type { ProgressHandle } from './boneSegmentationController';

export const PROGRESS_NOTICE_ID = 'bone-segmentation-progress';
export const PROGRESS_TITLE = 'Segmenting bones';

/** Re-rendering the toast more often than this only costs main-thread time. */
const MIN_UPDATE_MS = 200;

/** The core's stage names, as a radiologist would say them. */
const STAGE_TEXT: Record<string, string> = {
  validate: 'Checking the CT',
  resample: 'Resampling',
  inference: 'Running the model',
  'coarse post-processing': 'Separating the bones',
  refine: 'Refining bone edges',
  'bone bodies': 'Checking joints',
  'fill holes': 'Filling holes',
};

export function formatProgress(stage: string, fraction: number): string {
  const text = STAGE_TEXT[stage] ?? stage;
  return `${text} - ${Math.floor(Math.min(1, Math.max(0, fraction)) * 100)}%`;
}

export function createProgressNotice(
  notifications: NotificationService | undefined,
  onCancel: () => void,
  now: () => number = () => Date.now(),
): ProgressHandle {
  let closed = false;
  let lastText = '';
  let lastShown = -Infinity;
  let lastStage = '';
  const show = (message: string): void => {
    notifications?.show({
      id: PROGRESS_NOTICE_ID,
      title: PROGRESS_TITLE,
      message,
      type: 'loading',
      duration: Infinity,
      autoClose: false,
      action: { label: 'Cancel', onClick: () => onCancel() },
    });
  };
  return {
    update(stage, fraction) {
      if (closed) return;
      const message = formatProgress(stage, fraction);
      if (message === lastText) return;
      // Stage changes always show; percentage ticks are throttled.
      if (stage === lastStage && now() - lastShown < MIN_UPDATE_MS) return;
      lastText = message;
      lastStage = stage;
      lastShown = now();
      show(message);
    },
    close() {
      if (closed) return;
      closed = true;
      notifications?.hide?.(PROGRESS_NOTICE_ID);
    },
  };
}
