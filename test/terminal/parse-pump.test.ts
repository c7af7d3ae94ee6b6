import { describe, expect, test } from 'vitest';
import { ParsePump } from '../../src/terminal/parse-pump.js';

/** A pump that may skip (lines past `keepLines` are lost anyway), recording the slices it parsed. */
function recording(keepLines: number): { parsed: string[]; pump: ParsePump } {
  const parsed: string[] = [];
  const pump = new ParsePump(
    (s) => {
      if (s !== '') parsed.push(s);
    },
    2,
    { keepLines: () => keepLines, canSkip: () => true },
  );
  return { parsed, pump };
}

const busy = (ms: number) => {
  const t = performance.now();
  while (performance.now() - t < ms) {
    /* parsing */
  }
};

describe('ParsePump', () => {
  test('parses in order, a bounded amount per turn, letting other work run between', async () => {
    const parsed: number[] = [];
    let otherTurns = 0;
    let parsedWhenOtherRan = -1;
    const pump = new ParsePump((s) => {
      busy(0.5);
      parsed.push(Number(s));
    }, 2);
    for (let i = 0; i < 60; i++) pump.push(String(i));
    expect(parsed).toEqual([]); // nothing synchronously: output waits for its turn
    const other = () => {
      otherTurns++;
      if (parsedWhenOtherRan < 0 && parsed.length > 0) parsedWhenOtherRan = parsed.length;
      if (pump.queued > 0) setImmediate(other);
    };
    setImmediate(other);
    while (pump.queued > 0) await new Promise((r) => setImmediate(r));
    expect(parsed).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(parsedWhenOtherRan).toBeGreaterThan(0);
    expect(parsedWhenOtherRan).toBeLessThan(60); // other work ran while the burst was being parsed
    expect(otherTurns).toBeGreaterThan(3);
    pump.dispose();
  });

  test('all terminals share one parse budget per turn, served in turn (four floods do not add up)', async () => {
    const log: string[] = [];
    const make = (name: string) =>
      new ParsePump(() => {
        busy(1.5);
        log.push(name);
      }, 50);
    const a = make('a');
    const b = make('b');
    for (let i = 0; i < 6; i++) {
      a.push('x');
      b.push('x');
    }
    const turn = () => new Promise((r) => setImmediate(r));
    await turn(); // the first turn: a's slices (1 or 2) until the shared 2 ms are gone; b waits
    const first = log.length;
    expect(first).toBeGreaterThan(0);
    expect(log).toEqual(Array(first).fill('a'));
    await turn(); // b goes first now
    expect(log[first]).toBe('b');
    expect(log.slice(first).every((x) => x === 'b')).toBe(true);
    while (a.queued + b.queued > 0) await turn();
    expect(log.filter((x) => x === 'a')).toHaveLength(6);
    expect(log.filter((x) => x === 'b')).toHaveLength(6);
    a.dispose();
    b.dispose();
  });

  test('the echo after a key is parsed at once when nothing is queued; queued output keeps its order', async () => {
    const parsed: string[] = [];
    const pump = new ParsePump((s) => parsed.push(s));
    pump.expectEcho();
    pump.push('echo');
    expect(parsed).toEqual(['echo']);
    pump.push('line'); // Enter's answer in a second read: parsed at once too
    const big = 'x'.repeat(5000);
    pump.push(big); // more than may be parsed at once after a key: the last parsed so
    pump.push('later');
    expect(parsed).toEqual(['echo', 'line', big]);
    pump.expectEcho();
    pump.push('key'); // output before it is still queued: it waits its turn
    expect(parsed).toEqual(['echo', 'line', big]);
    await new Promise((r) => setImmediate(r));
    expect(parsed).toEqual(['echo', 'line', big, 'later', 'key']);
    pump.dispose();
    pump.push('after dispose');
    await new Promise((r) => setImmediate(r));
    expect(parsed).toHaveLength(5);
  });

  test('after a key, a held pump parses only the echo at once', async () => {
    const parsed: string[] = [];
    const pump = new ParsePump((s) => parsed.push(s));
    pump.expectEcho();
    pump.hold(true);
    pump.push('echo');
    pump.push('line');
    expect(parsed).toEqual(['echo']);
    pump.hold(false);
    await new Promise((r) => setImmediate(r));
    expect(parsed).toEqual(['echo', 'line']);
    pump.dispose();
  });

  test('a flood is parsed in batches, in order, and skips nothing that is not plain; a quiet spell ends it', async () => {
    const { parsed, pump } = recording(1e9);
    const slice = 'x'.repeat(4095);
    for (let i = 0; i < 200; i++) pump.push(`${i} ${slice}`); // ~800 KB at once: a flood
    expect(pump.flooding).toBe(true);
    while (pump.queued > 0) await new Promise((r) => setTimeout(r, 5));
    expect(parsed.map((s) => Number(s.split(' ')[0]))).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(pump.skipped).toBe(0); // nothing may be skipped: the scrollback would still show it
    await new Promise((r) => setTimeout(r, 250));
    pump.push('after');
    expect(pump.flooding).toBe(false);
    await new Promise((r) => setImmediate(r));
    expect(parsed[parsed.length - 1]).toBe('after'); // parsed on the next turn again, no batching
    pump.dispose();
  });

  test('more lines than the terminal keeps within a window is a flood whatever its bytes, and most of it is skipped', async () => {
    // A busy machine reads a flood of short lines slowly (far under the bytes that make a flood):
    // parsing each of them kept it that slow.
    const { parsed, pump } = recording(100);
    const lines = (i: number) => Array.from({ length: 50 }, (_, k) => `${i}.${k}`).join('\n') + '\n';
    for (let i = 0; i < 40; i++) pump.push(lines(i), true); // 2000 lines, ~15 KB
    expect(pump.flooding).toBe(true);
    while (pump.queued > 0) await new Promise((r) => setTimeout(r, 5));
    expect(pump.skipped).toBeGreaterThan(30);
    // What is kept is the end of it, in order.
    expect(parsed[parsed.length - 1]).toBe(lines(39));
    pump.dispose();
  });
});
