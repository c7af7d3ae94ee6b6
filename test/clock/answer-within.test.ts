import { describe, expect, it } from 'vitest';
import { answerWithin } from '../../src/clock/answer-within.js';
import { realClock, wallTime } from '../../src/clock/clock.js';
import { soon } from '../../src/clock/soon.js';

// The hub's time (src/clock): waiting a while for the user's answer, the real clock's timers, and
// its times as wall times.

describe('answerWithin', () => {
  it('is the answer when it comes in time', async () => {
    expect(await answerWithin(Promise.resolve('yes'), 60_000)).toBe('yes');
  });

  it('is null when none came in time, and the answer still arrives for whoever holds it', async () => {
    let answer!: (v: string) => void;
    const asked = new Promise<string>((r) => (answer = r));
    expect(await answerWithin(asked, 1)).toBeNull();
    answer('later');
    expect(await asked).toBe('later');
  });

  it('waits as long as it takes with Infinity (a timer would fire at once)', async () => {
    let answer!: (v: number) => void;
    const asked = new Promise<number>((r) => (answer = r));
    const got = answerWithin(asked, Infinity);
    // (well past where an overflowed timer would have fired)
    await new Promise((r) => setTimeout(r, 5));
    answer(7);
    expect(await got).toBe(7);
  });
});

describe('the real clock', () => {
  it('fires a timer once, and not one that was cleared', async () => {
    const fired: string[] = [];
    const gone = realClock.setTimeout(() => fired.push('cleared'), 1);
    realClock.clearTimeout(gone);
    realClock.clearTimeout(null);
    await new Promise<void>((resolve) =>
      realClock.setTimeout(() => {
        fired.push('kept');
        resolve();
      }, 1),
    );
    expect(fired).toEqual(['kept']);
  });

  it('says a time of its scale as the same wall time at every read', () => {
    const t = realClock.now();
    expect(wallTime(t)).toBe(wallTime(t));
    expect(Math.abs(Date.parse(wallTime(t)) - Date.now())).toBeLessThan(60_000);
  });

  it('runs what is soon after the code that asked, before the next timer', async () => {
    const order: string[] = [];
    soon(() => order.push('soon'));
    order.push('now');
    await new Promise((r) => setTimeout(r, 0));
    expect(order).toEqual(['now', 'soon']);
  });
});
