// The watcher's safety net checks every checkMs while anything happens; once nothing has for
// activeMs its period doubles after each check up to maxCheckMs (issue 27: an idle hub wakes every
// 16 s, not every second). Any event, re-arm or poke (the user typing into the hub) brings it back.

export const MAX_BACKOFF = 16;
export const ACTIVE_MS = 30000;

export class CheckPeriod {
  /** Now: checkMs while active, longer while idle. */
  ms: number;
  // Start-up is not activity: the period starts doubling from the first check.
  private lastActive = -Infinity;

  constructor(
    private readonly checkMs: number,
    private readonly maxCheckMs = checkMs * MAX_BACKOFF,
    private readonly activeMs = ACTIVE_MS,
  ) {
    this.ms = checkMs;
  }

  /** Something happened: true when the period was longer and just became checkMs (reschedule). */
  poke(): boolean {
    this.lastActive = performance.now();
    if (this.ms === this.checkMs) return false;
    this.ms = this.checkMs;
    return true;
  }

  /** After a check; `missed`: it found what the events did not tell (stay watchful). */
  checked(missed: boolean): void {
    if (!missed && performance.now() - this.lastActive >= this.activeMs)
      this.ms = Math.min(this.ms * 2, this.maxCheckMs);
  }
}
