/** Waiting for Cornerstone to draw a segmentation on some viewports (SEGMENTATION_RENDERED), with a time limit. */
import type * as CornerstoneCore from '@cornerstonejs/core';
import type * as CornerstoneTools from '@cornerstonejs/tools';

/** Calls `then` once, when every one of `viewportIds` has drawn the segmentation or after `timeoutMs`. */
export function whenSegmentationRendered(
  cs: typeof CornerstoneCore,
  tools: typeof CornerstoneTools,
  segmentationId: string,
  viewportIds: string[],
  timeoutMs: number,
  then: () => void,
): void {
  const eventName = tools.Enums.Events.SEGMENTATION_RENDERED;
  const waiting = new Set(viewportIds);
  let done = false;
  const finish = (): void => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    cs.eventTarget.removeEventListener(eventName, onRendered);
    then();
  };
  const onRendered = (event: Event): void => {
    const detail = (event as CustomEvent<{ viewportId?: string; segmentationId?: string }>).detail;
    if (detail?.segmentationId !== segmentationId || !detail.viewportId) return;
    waiting.delete(detail.viewportId);
    if (waiting.size === 0) finish();
  };
  cs.eventTarget.addEventListener(eventName, onRendered);
  const timer = setTimeout(finish, timeoutMs);
}
