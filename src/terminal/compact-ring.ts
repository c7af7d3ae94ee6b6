/** A bounded FIFO: pushing past capacity drops the oldest. Index 0 is the oldest. */
export class CompactRing<T = string> {
  private items: T[] = [];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.count;
  }

  /** Adds `s` as the newest; returns the oldest item when it had to go. */
  push(s: T): T | undefined {
    if (this.capacity <= 0) return undefined;
    if (this.count < this.capacity) {
      const i = (this.start + this.count) % this.capacity;
      if (i === this.items.length) this.items.push(s);
      else this.items[i] = s;
      this.count++;
      return undefined;
    }
    const dropped = this.items[this.start];
    this.items[this.start] = s;
    this.start = (this.start + 1) % this.capacity;
    return dropped;
  }

  get(index: number): T | undefined {
    if (!(index >= 0 && index < this.count)) return undefined;
    return this.items[(this.start + index) % this.capacity];
  }

  /** Replaces item `index` (0 = oldest); ignored when out of range. */
  set(index: number, s: T): void {
    if (index >= 0 && index < this.count) this.items[(this.start + index) % this.capacity] = s;
  }

  clear(): void {
    this.items = [];
    this.start = 0;
    this.count = 0;
  }
}
