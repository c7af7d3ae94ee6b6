// The hub's sense of time: what its timers (frames, key timeouts, status checks, idle, notices)
// and its timestamps read. One injection point, so a test can hand the hub a clock it moves by
// hand (test/support/fake-clock.ts) and check what a second of quiet does without waiting it.

/** A timer handle: only the clock that made it knows what it is. */
export type ClockTimer = { readonly __clockTimer: true };

export interface Clock {
  /** Milliseconds on a monotonic scale (performance.now() for the real clock). */
  now(): number;
  /** Calls `fn` once, `ms` from now. `weak`: the timer alone does not keep the process alive. */
  setTimeout(fn: () => void, ms: number, weak?: boolean): ClockTimer;
  /** Cancels a timer (null, undefined or one that fired: nothing happens). */
  clearTimeout(timer: ClockTimer | null | undefined): void;
}

export const realClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms, weak) => {
    const t = setTimeout(fn, ms);
    if (weak) t.unref();
    return t as unknown as ClockTimer;
  },
  clearTimeout: (t) => {
    if (t) clearTimeout(t as unknown as NodeJS.Timeout);
  },
};

/**
 * A time of the real clock's scale (performance.now()) as an ISO 8601 wall time: the same string at
 * every read (Date.now() - performance.now(), read again each time, moves a millisecond either way
 * from read to read). The wall clock as it was when the process started: set since, it is off by that.
 */
export const wallTime = (ms: number): string => new Date(performance.timeOrigin + ms).toISOString();
