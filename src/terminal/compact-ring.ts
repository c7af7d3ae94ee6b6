/** A bounded FIFO of strings: pushing past capacity drops the oldest. Index 0 is the oldest. */
export class CompactRing {
  private items: string[] = [];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.count;
  }

  push(s: string): void {
    if (this.capacity <= 0) return;
    if (this.count < this.capacity) {
      const i = (this.start + this.count) % this.capacity;
      if (i === this.items.length) this.items.push(s);
      else this.items[i] = s;
      this.count++;
      return;
    }
    this.items[this.start] = s;
    this.start = (this.start + 1) % this.capacity;
  }

  get(index: number): string | undefined {
    if (!(index >= 0 && index < this.count)) return undefined;
    return this.items[(this.start + index) % this.capacity];
  }

  clear(): void {
    this.items = [];
    this.start = 0;
    this.count = 0;
  }
}
