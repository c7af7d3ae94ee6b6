import { afterEach, describe, expect, test, vi } from 'vitest';
import { MemoryTrim } from '../../src/agents/memory-trim.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('MemoryTrim', () => {
  test('collects once after a burst of output is over, not during it, not while idle', () => {
    vi.useFakeTimers();
    const gc = vi.fn();
    const trim = new MemoryTrim({ burstBytes: 1000, quietMs: 100, quietBytes: 500, checkMs: 50, gc });
    trim.note(600);
    vi.advanceTimersByTime(1000);
    expect(gc).not.toHaveBeenCalled(); // below a burst: no timer at all
    expect(vi.getTimerCount()).toBe(0);
    trim.note(600); // the burst is complete: one timer
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(40);
    trim.note(500); // still flooding (> 500 bytes a second) when the check runs: keep waiting
    vi.advanceTimersByTime(60); // t=100: quiet since the check at t=50
    trim.note(10); // a spinner is quiet enough
    vi.advanceTimersByTime(40);
    expect(gc).not.toHaveBeenCalled(); // quiet for only 50 ms so far
    vi.advanceTimersByTime(10); // t=150: quiet for 100 ms
    expect(gc).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0); // idle again: nothing armed
    vi.advanceTimersByTime(10000);
    expect(gc).toHaveBeenCalledTimes(1);
    trim.note(999); // the count started over
    expect(vi.getTimerCount()).toBe(0);
  });

  test('dispose clears the timer', () => {
    vi.useFakeTimers();
    const gc = vi.fn();
    const trim = new MemoryTrim({ burstBytes: 10, quietMs: 100, gc });
    trim.note(20);
    trim.dispose();
    vi.advanceTimersByTime(1000);
    expect(gc).not.toHaveBeenCalled();
  });

  test('the default collector is V8 own full collection, exposed at the first burst (not at start) without leaking a global', async () => {
    const trim = new MemoryTrim();
    expect((trim as unknown as { gc?: unknown }).gc).toBeUndefined(); // exposing it costs a vm context
    trim.note(8 * 1024 * 1024);
    const gc = (trim as unknown as { gc: () => void }).gc;
    expect(typeof gc).toBe('function');
    const ref = new WeakRef({ big: new Array(1000).fill(1) });
    await new Promise((r) => setImmediate(r)); // a WeakRef target lives until the job that made it ends
    gc();
    expect(ref.deref()).toBeUndefined();
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
    trim.dispose();
  });
});
