import type { Clock, ClockTimer } from '../../src/clock/clock.js';

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * A clock that moves only when the test moves it: `now()` stands still, timers fire in order of
 * their time (then of their arming) as advance() passes them. What a fired timer starts (promises,
 * I/O) gets a real turn before the next one fires, or whatever `between` waits for.
 */
export class FakeClock implements Clock {
  private time: number;
  private seq = 0;
  private timers = new Map<number, Timer>();

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): ClockTimer {
    const seq = ++this.seq;
    // Like setTimeout: a negative, NaN or zero delay is "as soon as time moves at all".
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    this.timers.set(seq, { at: this.time + delay, seq, fn });
    return seq as unknown as ClockTimer;
  }

  clearTimeout(timer: ClockTimer | null | undefined): void {
    if (timer !== null && timer !== undefined) this.timers.delete(timer as unknown as number);
  }

  /** Timers armed and not fired. */
  get armed(): number {
    return this.timers.size;
  }

  /** When the next timer fires, or null when none is armed. */
  nextAt(): number | null {
    let next: Timer | null = null;
    for (const t of this.timers.values())
      if (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq)) next = t;
    return next ? next.at : null;
  }

  /** Moves time to the next timer and fires it (and any armed for the same moment before it); false when none. */
  fireNext(): boolean {
    let next: Timer | null = null;
    for (const t of this.timers.values())
      if (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq)) next = t;
    if (!next) return false;
    this.timers.delete(next.seq);
    if (next.at > this.time) this.time = next.at;
    next.fn();
    return true;
  }

  /**
   * Moves time to `to` (absolute), firing every timer due by then in order; after each, `between`
   * runs (default: one real turn, so what the timer started can go on). Time never goes back.
   */
  async advanceTo(to: number, between: () => Promise<void> = realTurn): Promise<void> {
    for (let at = this.nextAt(); at !== null && at <= to; at = this.nextAt()) {
      this.fireNext();
      await between();
    }
    if (to > this.time) this.time = to;
  }

  /** advanceTo(now + ms). */
  advance(ms: number, between?: () => Promise<void>): Promise<void> {
    return this.advanceTo(this.time + ms, between);
  }
}

/** One turn of the real event loop (I/O callbacks and immediates run). */
export function realTurn(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}
