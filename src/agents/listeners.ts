export type ErrorSink = (err: unknown) => void;

export const defaultErrorSink: ErrorSink = (err) => console.error('botster: listener failed:', err);

/**
 * A minimal listener list. A throwing listener goes to `onError` instead of unwinding into
 * node-pty's or xterm's event loop callbacks, where it would crash the hub.
 */
export class Listeners<A extends unknown[]> {
  private cbs: Array<(...args: A) => void> = [];

  constructor(private readonly onError: ErrorSink = defaultErrorSink) {}

  add(cb: (...args: A) => void): () => void {
    this.cbs.push(cb);
    return () => {
      this.cbs = this.cbs.filter((c) => c !== cb);
    };
  }

  fire(...args: A): void {
    const cbs = this.cbs;
    for (let i = 0; i < cbs.length; i++) {
      try {
        cbs[i](...args);
      } catch (err) {
        this.onError(err);
      }
    }
  }

  get size(): number {
    return this.cbs.length;
  }

  clear(): void {
    this.cbs = [];
  }
}
