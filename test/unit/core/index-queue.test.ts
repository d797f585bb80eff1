import { IndexQueue } from '../../../extensions/bone-segmentation/src/core/postprocess/index-queue';

describe('IndexQueue', () => {
  it('keeps every push across growth, clear() and clear(true)', () => {
    const q = new IndexQueue(2);
    for (let i = 0; i < 10; i++) q.push(i);
    expect(Array.from(q.items.subarray(0, q.length))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    q.clear();
    q.push(42);
    expect(Array.from(q.items.subarray(0, q.length))).toEqual([42]);
    q.clear(true);
    expect(q.items.length).toBe(0);
    for (let i = 0; i < 3000; i++) q.push(i * 3);
    expect(q.length).toBe(3000);
    expect(q.items[0]).toBe(0);
    expect(q.items[2999]).toBe(8997);
  });
});
