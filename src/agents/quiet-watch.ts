import type { Clock, ClockTimer } from '../clock/clock.js';

// How long after a resize an idle agent's output is taken for its redraw (a PTY's answer to
// SIGWINCH comes within milliseconds; a busy machine may take a few hundred).
const REDRAW_MS = 300;

/**
 * When an agent's output last came, and the one lazy timer that tells it fell quiet for `idleMs`
 * (running -> idle): when the timer fires early (output came meanwhile) it re-arms for the
 * remainder. Output right after a resize is the agent's redraw, not work.
 */
export class QuietWatch {
  /** When output last arrived (on the clock). */
  lastOutputAt = 0;
  /** When the hub last gave the agent a new size (its redraw follows). */
  private resizedAt = -Infinity;
  private timer: ClockTimer | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly idleMs: number,
    /** Quiet for idleMs: told unless `exited()`. */
    private readonly onQuiet: () => void,
    private readonly exited: () => boolean,
  ) {}

  /** The agent's PTY is attached: quiet is counted from now. */
  start(): void {
    this.lastOutputAt = this.clock.now();
    this.arm(this.idleMs);
  }

  /** Output at `now` is the redraw after a resize. */
  isRedraw(now: number): boolean {
    return now - this.resizedAt <= REDRAW_MS;
  }

  /** Output came at `now` (work, not a redraw). */
  heard(now: number): void {
    this.lastOutputAt = now;
  }

  /** Watches for quiet again, if no timer is armed. */
  watch(): void {
    if (this.timer === null) this.arm(this.idleMs);
  }

  resized(): void {
    this.resizedAt = this.clock.now();
  }

  stop(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(ms: number): void {
    // weak: an idle check never keeps the process alive
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = null;
        if (this.exited()) return;
        const quiet = this.clock.now() - this.lastOutputAt;
        if (quiet < this.idleMs) {
          this.arm(this.idleMs - quiet);
          return;
        }
        this.onQuiet();
      },
      Math.max(1, Math.ceil(ms)),
      true,
    );
  }
}
