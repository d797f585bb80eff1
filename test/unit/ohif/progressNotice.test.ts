import type { NoticeOptions } from '../../../extensions/bone-segmentation/src/ohif/hostServices';
import { createProgressNotice, formatProgress, PROGRESS_NOTICE_ID } from '../../../extensions/bone-segmentation/src/ohif/progressNotice';

function recorder() {
  const shown: NoticeOptions[] = [];
  const hidden: string[] = [];
  return { service: { show: (o: NoticeOptions) => shown.push(o), hide: (id: string) => hidden.push(id) }, shown, hidden };
}

describe('progress notice', () => {
  it('formats the stage in plain words with a whole percentage', () => {
    expect(formatProgress('inference', 0.4267)).toBe('Running the model - 42%');
    expect(formatProgress('Reading the CT volume', 1.3)).toBe('Reading the CT volume - 100%');
  });

  it('updates one notification in place, throttles ticks, always shows a new stage, and offers Cancel', () => {
    const { service, shown, hidden } = recorder();
    let t = 0;
    let cancels = 0;
    const notice = createProgressNotice(service, () => cancels++, () => t);
    notice.update('resample', 0.1);
    t = 50;
    notice.update('resample', 0.2); // same stage within 200 ms: skipped
    notice.update('inference', 0.25); // new stage: shown
    t = 400;
    notice.update('inference', 0.5);
    expect(shown.map((s) => s.message)).toEqual(['Resampling - 10%', 'Running the model - 25%', 'Running the model - 50%']);
    expect(new Set(shown.map((s) => s.id))).toEqual(new Set([PROGRESS_NOTICE_ID]));
    expect(shown[0]).toMatchObject({ title: 'Segmenting bones', duration: Infinity, action: { label: 'Cancel' } });
    shown[0].action!.onClick();
    expect(cancels).toBe(1);
    notice.close();
    notice.close();
    notice.update('refine', 0.9);
    expect(hidden).toEqual([PROGRESS_NOTICE_ID]);
    expect(shown).toHaveLength(3);
  });
});
