import { describe, expect, it } from 'vitest';
import { Refusals } from '../../src/web/refusals.js';

// Malformed input is a line in the hub's log each, and a flood of it (any local process can send
// one) a count once the minute is over: the log cannot be filled by it.

describe('web refusals', () => {
  it('says each refusal, up to twenty a minute, then how many more there were', () => {
    let now = 0;
    const lines: string[] = [];
    const r = new Refusals(
      (m) => lines.push(m),
      () => now,
    );
    for (let i = 0; i < 500; i++) r.say(`a malformed cookie ${i}`);
    expect(lines).toHaveLength(20);
    expect(lines[0]).toBe('web: refused a malformed cookie 0');
    now += 60_000;
    r.say('a malformed address');
    expect(lines.slice(20)).toEqual([
      'web: refused 480 more malformed requests in the minute before',
      'web: refused a malformed address',
    ]);
  });
});
