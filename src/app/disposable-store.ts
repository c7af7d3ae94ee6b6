// One place that owns teardown (as xterm.js's DisposableStore): whatever is added is disposed,
// last added first, when the store is; added after that, it is disposed at once.

export interface Disposable {
  dispose(): unknown;
}

export type Disposer = () => unknown;

export class DisposableStore {
  private readonly items: Disposer[] = [];
  private done = false;

  get isDisposed(): boolean {
    return this.done;
  }

  /** Owns `d` (an object with dispose() or a function that undoes something); returns it. */
  add<T extends Disposable | Disposer>(d: T): T {
    const undo: Disposer = typeof d === 'function' ? d : () => d.dispose();
    if (this.done) void settle(undo);
    else this.items.push(undo);
    return d;
  }

  /** Disposes everything, last added first; one that throws does not stop the others. */
  async dispose(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await Promise.allSettled(this.items.splice(0).reverse().map(settle));
  }
}

function settle(undo: Disposer): Promise<unknown> {
  try {
    return Promise.resolve(undo());
  } catch (err) {
    return Promise.reject(err);
  }
}
