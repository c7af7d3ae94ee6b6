import type { PtyProcess } from '../pty/pty-process.js';

/** How long a signalled process group has before whatever is left of it gets SIGKILL. */
export const KILL_GRACE_MS = 1000;

/**
 * An agent's stop, escalated: its process group is signalled, and whatever of it is still alive
 * KILL_GRACE_MS later gets SIGKILL. One timer at a time; `settled` resolves once it fired or stopped.
 */
export class GroupKill {
  private timer: NodeJS.Timeout | null = null;
  private settle: () => void = () => {};
  settled: Promise<void> = Promise.resolve();

  /** Whether SIGKILL is still to come. */
  get armed(): boolean {
    return this.timer !== null;
  }

  /** SIGKILL for `pty`'s group in KILL_GRACE_MS unless `gone()` by then (nothing when already armed). */
  arm(pty: PtyProcess, gone: () => boolean): void {
    if (this.timer) return;
    this.settled = new Promise((r) => {
      this.settle = r;
    });
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!gone()) pty.kill('SIGKILL');
      this.settle();
    }, KILL_GRACE_MS);
  }

  /** No SIGKILL after all (the group is gone, or the agent is let go of). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.settle();
  }
}
