type Listener<T> = (v: T) => void;

/** Tiny listener list: cheaper than EventEmitter on the per-chunk path. */
export class Signal<T> {
  private cbs: Listener<T>[] = [];
  add(cb: Listener<T>): () => void {
    this.cbs.push(cb);
    return () => {
      this.cbs = this.cbs.filter((c) => c !== cb);
    };
  }
  fire(v: T): void {
    const cbs = this.cbs;
    for (let i = 0; i < cbs.length; i++) cbs[i](v);
  }
  clear(): void {
    this.cbs = [];
  }
}
