/**
 * Limits on improvements: at most N pushes per agent per minute (a sliding window, so a burst at the
 * end of one minute cannot be followed by a full burst at the start of the next), and at most M
 * improvements live at once.
 */
import { plural } from '../hub/plural.js';

export type LimitResult = { ok: true } | { ok: false; reason: string; retryInMs: number };

export interface RateLimiterOptions {
  /** Pushes allowed per key in any window; a positive whole number. */
  perMinute: number;
  /** Milliseconds clock, injectable for tests; `Date.now` by default. */
  now?: () => number;
  /** Window length; one minute by default. */
  windowMs?: number;
}

export class RateLimiter {
  private readonly perMinute: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  /** Times of the allowed calls inside the window, oldest first, per key. */
  private readonly hits = new Map<string, number[]>();

  constructor(opts: RateLimiterOptions) {
    if (!Number.isInteger(opts.perMinute) || opts.perMinute < 1) {
      throw new RangeError(`RateLimiter: perMinute must be a whole number >= 1 (got ${opts.perMinute})`);
    }
    const windowMs = opts.windowMs ?? 60_000;
    if (!(windowMs > 0)) throw new RangeError(`RateLimiter: windowMs must be > 0 (got ${windowMs})`);
    this.perMinute = opts.perMinute;
    this.windowMs = windowMs;
    this.now = opts.now ?? Date.now;
  }

  /** Counts a call for `key` (an agent id) when allowed; a refused call does not count. */
  allow(key: string): LimitResult {
    const now = this.now();
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.perMinute) {
      this.hits.set(key, recent);
      const retryInMs = Math.max(1, recent[0] + this.windowMs - now);
      return {
        ok: false,
        reason:
          `rate limit: ${JSON.stringify(key)} may push at most ${plural(this.perMinute, 'improvement')} per ` +
          `${formatWindow(this.windowMs)}; try again in ${Math.ceil(retryInMs / 1000)} s`,
        retryInMs,
      };
    }
    recent.push(now);
    this.hits.set(key, recent);
    this.prune(now);
    return { ok: true };
  }

  /** Forgets keys whose window has emptied, so many short-lived agents do not grow the map. */
  private prune(now: number): void {
    if (this.hits.size < 64) return;
    for (const [key, times] of this.hits) {
      if (times.length === 0 || times[times.length - 1] <= now - this.windowMs) this.hits.delete(key);
    }
  }
}

/**
 * The "at most M live" check before NAME goes live. Replacing an improvement that is already live
 * does not add one, so it is never refused by this limit.
 */
export function checkLiveLimit(opts: { live: number; replacing: boolean; max: number }): LimitResult {
  if (opts.replacing || opts.live < opts.max) return { ok: true };
  return {
    ok: false,
    reason: `too many live improvements: ${opts.live} live, at most ${opts.max}; disable one first`,
    retryInMs: 0,
  };
}

function formatWindow(ms: number): string {
  return ms === 60_000 ? 'minute' : `${ms / 1000} s`;
}
