/**
 * A first-in first-out list of voxel indices that grows on demand: bone is a small part of a CT, so a queue sized
 * for the whole volume would waste hundreds of MB. Read `items` afresh after a push: growing replaces it.
 */
export class IndexQueue {
  items: Int32Array;
  length = 0;

  constructor(capacity = 1 << 16) {
    this.items = new Int32Array(capacity);
  }

  push(p: number): void {
    if (this.length === this.items.length) {
      // From zero (after clear(true)) doubling stays zero and the push would be lost: start again from a floor.
      const bigger = new Int32Array(Math.max(1024, this.items.length * 2));
      bigger.set(this.items);
      this.items = bigger;
    }
    this.items[this.length++] = p;
  }

  /** Empties the queue; `release` also gives its memory back. */
  clear(release = false): void {
    this.length = 0;
    if (release) this.items = new Int32Array(0);
  }
}
