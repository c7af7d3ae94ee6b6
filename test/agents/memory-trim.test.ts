import { afterEach, describe, expect, test, vi } from 'vitest';
import { MemoryTrim } from '../../src/agents/memory-trim.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A trim that checks every 50 ms and collects 100 ms into the quiet; the young generation holds `young` bytes. */
function quickTrim(young: number) {
  const gc = vi.fn();
  const trim = new MemoryTrim({
    burst: 10,
    settleMs: 100,
    quietPerSecond: 500,
    checkMs: 50,
    gc,
    youngBytes: () => young,
  });
  return { gc, trim };
}

describe('MemoryTrim', () => {
  test('after a burst: a scavenge once it is quiet, a full collection settleMs of quiet later; never during it, never while idle', () => {
    vi.useFakeTimers();
    const gc = vi.fn();
    const trim = new MemoryTrim({
      burst: 1000,
      settleMs: 100,
      quietPerSecond: 500,
      checkMs: 50,
      gc,
      youngBytes: () => 1 << 20,
    });
    trim.note(600);
    vi.advanceTimersByTime(1000);
    expect(gc).not.toHaveBeenCalled(); // below a burst: no timer at all
    expect(vi.getTimerCount()).toBe(0);
    trim.note(600); // the burst is complete: one timer
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(40);
    trim.note(500); // still flooding (> 500 bytes a second) when the check runs: keep waiting
    vi.advanceTimersByTime(10); // t=50
    expect(gc).not.toHaveBeenCalled();
    trim.note(10); // a spinner is quiet enough
    vi.advanceTimersByTime(50); // t=100: quiet since the check at t=50
    expect(gc.mock.calls).toEqual([['minor']]);
    vi.advanceTimersByTime(50); // t=150: quiet for 50 ms after the scavenge
    trim.note(600); // output again (not yet a burst of its own): the quiet starts over
    vi.advanceTimersByTime(50); // t=200: busy
    expect(gc.mock.calls).toEqual([['minor']]);
    vi.advanceTimersByTime(50); // t=250: quiet again: a new scavenge
    expect(gc.mock.calls).toEqual([['minor'], ['minor']]);
    vi.advanceTimersByTime(50);
    expect(gc).toHaveBeenCalledTimes(2); // quiet for only 50 ms since the scavenge
    vi.advanceTimersByTime(50); // t=350: quiet for 100 ms
    expect(gc.mock.calls).toEqual([['minor'], ['minor'], ['major']]);
    expect(trim.collections).toBe(1);
    expect(vi.getTimerCount()).toBe(0); // the young generation shrank: idle again, nothing armed
    vi.advanceTimersByTime(10000);
    expect(gc).toHaveBeenCalledTimes(3);
    trim.note(999); // the count started over
    expect(vi.getTimerCount()).toBe(0);
  });

  test('while the user types, no collection runs: the scavenge and the full one wait for a pause', () => {
    vi.useFakeTimers();
    const { gc, trim } = quickTrim(0);
    trim.note(20); // a burst: checks every 50 ms from now
    for (let t = 10; t <= 500; t += 10) {
      trim.typed(); // a key every 10 ms (little output: quiet by the byte count)
      vi.advanceTimersByTime(10);
    }
    expect(gc).not.toHaveBeenCalled();
    vi.advanceTimersByTime(50); // the first check with no key since the last one
    expect(gc.mock.calls).toEqual([['minor']]);
    for (let t = 0; t < 300; t += 10) {
      trim.typed(); // typing again: the quiet counts on, the full collection waits
      vi.advanceTimersByTime(10);
    }
    expect(gc.mock.calls).toEqual([['minor']]);
    vi.advanceTimersByTime(50);
    expect(gc.mock.calls).toEqual([['minor'], ['major']]);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('one more full collection when the young generation did not shrink, then no more', () => {
    vi.useFakeTimers();
    const { gc, trim } = quickTrim(32 << 20);
    trim.note(20);
    vi.advanceTimersByTime(50 + 100); // the scavenge, then quiet for 100 ms
    expect(gc.mock.calls).toEqual([['minor'], ['major']]);
    vi.advanceTimersByTime(50);
    expect(gc).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(50); // 100 ms after the first full collection
    expect(gc.mock.calls).toEqual([['minor'], ['major'], ['major']]);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10000);
    expect(gc).toHaveBeenCalledTimes(3);
  });

  test('soon() trims after start-up without any output', () => {
    vi.useFakeTimers();
    const gc = vi.fn();
    const trim = new MemoryTrim({ settleMs: 100, checkMs: 50, gc, youngBytes: () => 0 });
    trim.soon();
    vi.advanceTimersByTime(150);
    expect(gc.mock.calls).toEqual([['minor'], ['major']]);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('dispose clears the timer', () => {
    vi.useFakeTimers();
    const gc = vi.fn();
    const trim = new MemoryTrim({ burst: 10, settleMs: 100, gc });
    trim.note(20);
    trim.dispose();
    vi.advanceTimersByTime(1000);
    expect(gc).not.toHaveBeenCalled();
  });

  test('the default collector is V8 own full collection, exposed at the first burst (not at start) without leaking a global', async () => {
    const trim = new MemoryTrim();
    expect((trim as unknown as { gc?: unknown }).gc).toBeUndefined(); // exposing it costs a vm context
    trim.note(8 * 1024 * 1024);
    const gc = (trim as unknown as { gc: (type: string) => void }).gc;
    expect(typeof gc).toBe('function');
    const ref = new WeakRef({ big: new Array(1000).fill(1) });
    await new Promise((r) => setImmediate(r)); // a WeakRef target lives until the job that made it ends
    gc('minor');
    gc('major');
    expect(ref.deref()).toBeUndefined();
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
    trim.dispose();
  });
});
