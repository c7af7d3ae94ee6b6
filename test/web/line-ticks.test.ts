import { afterEach, describe, expect, it, vi } from 'vitest';
import { LINE_MS, LineTicks } from '../../src/web/line-ticks.js';

// The board's last lines: read at most once per LINE_MS per agent, the line it settles on always
// told, an unchanged line not told again.

describe('LineTicks', () => {
  afterEach(() => void vi.useRealTimers());

  function ticks(lines: Record<string, string | null>) {
    vi.useFakeTimers();
    const told: Array<[string, string]> = [];
    let reads = 0;
    const t = new LineTicks(
      (id) => (reads++, lines[id] ?? null),
      (id, line) => told.push([id, line]),
      () => Date.now(),
    );
    return { t, told, reads: () => reads };
  }

  it('tells a changed line at once, then at most once per period, the latest last', () => {
    const lines: Record<string, string | null> = { '1': 'a' };
    const { t, told, reads } = ticks(lines);
    t.output('1');
    expect(told).toEqual([['1', 'a']]);
    for (let i = 0; i < 100; i++) {
      lines['1'] = `line ${i}`;
      t.output('1');
      vi.advanceTimersByTime(10);
    }
    // 100 outputs over a second: read twice, told each line it read
    expect(reads()).toBeLessThanOrEqual(1 + Math.ceil(1000 / LINE_MS));
    vi.advanceTimersByTime(LINE_MS);
    expect(told.at(-1)).toEqual(['1', 'line 99']);
  });

  it('does not tell an unchanged line again, and keeps agents apart', () => {
    const lines: Record<string, string | null> = { '1': 'same', '2': 'other' };
    const { t, told } = ticks(lines);
    t.output('1');
    t.output('2');
    vi.advanceTimersByTime(LINE_MS * 3);
    t.output('1');
    vi.advanceTimersByTime(LINE_MS * 3);
    expect(told).toEqual([
      ['1', 'same'],
      ['2', 'other'],
    ]);
  });

  it('stop drops what is pending, and the next page is told afresh', () => {
    const lines: Record<string, string | null> = { '1': 'x' };
    const { t, told } = ticks(lines);
    t.output('1');
    t.output('1');
    t.stop();
    vi.advanceTimersByTime(LINE_MS * 3);
    expect(told).toEqual([['1', 'x']]);
    expect(vi.getTimerCount()).toBe(0);
    t.output('1');
    expect(told).toEqual([
      ['1', 'x'],
      ['1', 'x'],
    ]);
  });

  it('an agent gone is not told', () => {
    const { t, told } = ticks({});
    t.output('9');
    expect(told).toEqual([]);
  });
});
