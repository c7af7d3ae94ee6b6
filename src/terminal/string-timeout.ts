/**
 * A program that dies (or prints binary) in the middle of a DCS, OSC, APC, PM or SOS string leaves
 * the parser inside it: every later byte, prompts included, is swallowed as string data until a
 * terminator that may never come (random bytes end in an open `U+0090` DCS about 1 time in 10).
 * As tmux does, a string still open STRING_TIMEOUT_MS after it was first seen open is abandoned
 * with CAN, so later output shows again. A string that ends in time is never touched.
 */
export const STRING_TIMEOUT_MS = 5000;

/** xterm's parser states from SOS_PM_APC_STRING (7) to DCS_PASSTHROUGH (13) are inside a string. */
const FIRST_STRING_STATE = 7;
const LAST_STRING_STATE = 13;

export class StringTimeout {
  private timer: NodeJS.Timeout | null = null;
  /** Strings abandoned so far (for tests and the log). */
  abandoned = 0;

  constructor(
    /** xterm's parser state now, or -1 when it cannot be read. */
    private readonly state: () => number,
    /** Ends the open string (writes CAN to the parser). */
    private readonly abandon: () => void,
    private readonly timeoutMs = STRING_TIMEOUT_MS,
  ) {}

  /** Call when everything written so far has been parsed. */
  check(): void {
    if (this.timer || !this.inString()) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.inString()) return;
      this.abandoned++;
      this.abandon();
    }, this.timeoutMs);
    this.timer.unref?.();
  }

  private inString(): boolean {
    const s = this.state();
    return s >= FIRST_STRING_STATE && s <= LAST_STRING_STATE;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
