// A hub server that must stop is gone within STOP_DEADLINE_MS (docs/security.md), whatever its stop
// waits on: a handle that never closes (an upgrade's socket once kept a crashed server running for
// good, deaf to SIGTERM) is cut off by exiting. A signal that comes while it stops means now.

export const STOP_DEADLINE_MS = 2000;

export class StopDeadline {
  /** What the stop waits on now; null while the server is not stopping. */
  private step: string | null = null;

  constructor(
    /** Ends the process with `code`; `why` is for its log. */
    private readonly exit: (code: number, why: string) => void,
    private readonly ms = STOP_DEADLINE_MS,
  ) {}

  get stopping(): boolean {
    return this.step !== null;
  }

  /** The stop began: from now the process has `ms` to exit by itself, then exits with `code`. */
  begin(code: number): void {
    if (this.step !== null) return;
    this.step = 'starting to stop';
    // Never cleared, and kept referenced: after the stop the process still waits for its output to
    // be written (cli.tsx), and this ends it if that never comes either.
    setTimeout(() => this.exit(code, `stopping took over ${this.ms} ms (at: ${this.step})`), this.ms);
  }

  /** What the stop waits on from here: named in the log if the deadline passes. */
  at(step: string): void {
    if (this.step !== null) this.step = step;
  }

  /**
   * A signal: while the server stops, it exits now (true); otherwise false, and the signal starts
   * the stop as usual.
   */
  signal(name: string, code: number): boolean {
    if (this.step === null) return false;
    this.exit(code, `${name} while stopping (at: ${this.step})`);
    return true;
  }
}
