/** How a terminal's process ended. */
export interface PtyExit {
  exitCode: number;
  signal: number | null;
  /** Why it ended when the PTY layer knows better than a code (its keeper was killed). */
  reason?: string;
}

/**
 * Who waits for a terminal's process to exit (node-pty's, a keeper's, a remote one, a scripted
 * one in tests): each is told once; one that asks after the exit is told at once (a microtask on).
 */
export class ExitListeners {
  private cbs: Array<(e: PtyExit) => void> = [];
  /** How it exited; null while it runs. */
  info: PtyExit | null = null;

  on(cb: (e: PtyExit) => void): () => void {
    if (this.info) {
      const info = this.info;
      queueMicrotask(() => cb(info));
      return () => {};
    }
    this.cbs.push(cb);
    return () => {
      this.cbs = this.cbs.filter((c) => c !== cb);
    };
  }

  /** It exited: told to everyone waiting (the first time only). */
  fire(e: PtyExit): void {
    if (this.info) return;
    this.info = e;
    const cbs = this.cbs;
    this.cbs = [];
    for (const cb of cbs) cb(e);
  }

  /** Nobody is told any more (the terminal was let go of). */
  clear(): void {
    this.cbs = [];
  }
}
