import { describe, expect, it } from 'vitest';
import { RateLimiter, checkLiveLimit } from '../../src/improvements/rate-limit.js';

/** A clock the test moves by hand. */
function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('RateLimiter', () => {
  it('allows 10 per minute and refuses the 11th with a reason', () => {
    const c = clock();
    const rl = new RateLimiter({ perMinute: 10, now: c.now });
    for (let i = 0; i < 10; i++) {
      expect(rl.allow('agent-1')).toEqual({ ok: true });
      c.advance(1000);
    }
    const refused = rl.allow('agent-1');
    expect(refused.ok).toBe(false);
    if (refused.ok) throw new Error('unreachable');
    expect(refused.reason).toContain('at most 10');
    expect(refused.reason).toContain('"agent-1"');
    // The oldest push was 10 s ago, so it leaves the window in 50 s.
    expect(refused.retryInMs).toBe(50_000);
  });

  it('slides: allowed again once the oldest push leaves the window', () => {
    const c = clock();
    const rl = new RateLimiter({ perMinute: 10, now: c.now });
    for (let i = 0; i < 10; i++) {
      rl.allow('a');
      c.advance(1000);
    }
    // Now 10 s after the first push: it leaves the window 60 s after it was made.
    c.advance(49_999);
    expect(rl.allow('a').ok).toBe(false);
    c.advance(1);
    expect(rl.allow('a')).toEqual({ ok: true });
    // Only that one slot freed up: the next call in the same instant is refused, for 1 s more.
    const again = rl.allow('a');
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.retryInMs).toBe(1000);
  });

  it('a refused call does not count against the window', () => {
    const c = clock();
    const rl = new RateLimiter({ perMinute: 2, now: c.now });
    rl.allow('a');
    rl.allow('a');
    for (let i = 0; i < 5; i++) {
      c.advance(10_000);
      expect(rl.allow('a').ok).toBe(false);
    }
    c.advance(10_000); // 60 s after the first two
    expect(rl.allow('a').ok).toBe(true);
  });

  it('keeps keys independent', () => {
    const c = clock();
    const rl = new RateLimiter({ perMinute: 10, now: c.now });
    for (let i = 0; i < 10; i++) rl.allow('agent-1');
    expect(rl.allow('agent-1').ok).toBe(false);
    for (let i = 0; i < 10; i++) expect(rl.allow('agent-2')).toEqual({ ok: true });
    expect(rl.allow('agent-2').ok).toBe(false);
  });

  it('rejects nonsense limits', () => {
    expect(() => new RateLimiter({ perMinute: 0 })).toThrow(/perMinute/);
    expect(() => new RateLimiter({ perMinute: 1.5 })).toThrow(/perMinute/);
    expect(() => new RateLimiter({ perMinute: 5, windowMs: 0 })).toThrow(/windowMs/);
  });

  it('still limits after many other keys came and went', () => {
    const c = clock();
    const rl = new RateLimiter({ perMinute: 1, now: c.now });
    rl.allow('busy');
    for (let i = 0; i < 200; i++) rl.allow(`k${i}`);
    expect(rl.allow('busy').ok).toBe(false);
    c.advance(60_000);
    for (let i = 0; i < 200; i++) rl.allow(`j${i}`);
    expect(rl.allow('busy').ok).toBe(true);
  });
});

describe('checkLiveLimit', () => {
  it('refuses a new improvement past the maximum, never a replacement', () => {
    expect(checkLiveLimit({ live: 49, replacing: false, max: 50 })).toEqual({ ok: true });
    const r = checkLiveLimit({ live: 50, replacing: false, max: 50 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('at most 50');
    expect(checkLiveLimit({ live: 50, replacing: true, max: 50 })).toEqual({ ok: true });
  });
});
