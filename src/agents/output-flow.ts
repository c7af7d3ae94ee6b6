import type { PtyProcess } from '../pty/pty-process.js';
import type { HeadlessTerminal } from '../terminal/headless-terminal.js';

/**
 * An agent's flow control: when its terminal has too much unparsed output the PTY stops being
 * read (the child blocks) until the parser caught up; and while the user types to another agent
 * its reading and parsing are held, so that agent's echo does not wait behind this one's output.
 */
export class OutputFlow {
  /** Not reading: too much unparsed output (flow control)... */
  private paused = false;
  /** ...or another agent's echo goes first (see hold). */
  private held = false;

  constructor(
    private readonly terminal: HeadlessTerminal,
    /** The PTY it reads (none yet, or none at all for an agent that failed to start). */
    private readonly pty: () => PtyProcess | null,
    private readonly highWater: number,
    private readonly lowWater: number,
  ) {}

  /** After output was queued for the parser. */
  afterData(): void {
    if (!this.paused && this.terminal.pendingBytes() > this.highWater) {
      // A flooding agent must not grow our memory without bound: stop reading, the child blocks.
      this.paused = true;
      if (!this.held) this.pty()?.pause();
    }
  }

  /** After output was parsed into the terminal. */
  afterParsed(): void {
    if (this.paused && this.terminal.pendingBytes() < this.lowWater) {
      this.paused = false;
      if (!this.held) this.pty()?.resume();
    }
  }

  /** Stops reading and parsing for a moment (`on`), and goes on (`!on`). */
  hold(on: boolean): void {
    if (on === this.held) return;
    this.held = on;
    this.terminal.hold(on);
    if (this.paused) return;
    if (on) this.pty()?.pause();
    else this.pty()?.resume();
  }
}
