import { describe, expect, it } from 'vitest';
import { DetectSchedule } from '../../src/status/detect-schedule.js';
import { FakeClock } from '../support/fake-clock.js';

// A clock we move by hand: which checks run when, and how many timers are armed.
function fakeClock() {
  const clock = new FakeClock(0);
  return {
    clock,
    armed: () => clock.armed,
    /** Moves time to `to`, firing timers in order. */
    advance: (to: number) => clock.advanceTo(to),
  };
}

function setup() {
  const c = fakeClock();
  const checks: Array<[string, number]> = [];
  const s = new DetectSchedule(
    async (id) => {
      checks.push([id, c.clock.now()]);
    },
    { flowMs: 500, settleMs: 300, quietMs: 1500 },
    c.clock,
  );
  return { c, s, checks };
}

describe('when the status adapters are asked', () => {
  it('a quiet agent: once when it settles and once when it has been quiet a while, then nothing armed', async () => {
    const { c, s, checks } = setup();
    s.add('a');
    await c.advance(10_000);
    expect(checks).toEqual([
      ['a', 300],
      ['a', 1500],
    ]);
    expect(c.armed()).toBe(0);
  });

  it('a new agent is looked at on its first output, not a settle later (the state it starts in is a guess)', async () => {
    // (issue 80: a new shell's row said running while its prompt showed, until the settle check)
    const { c, s, checks } = setup();
    s.add('a');
    await c.advance(120);
    s.output('a'); // the shell's prompt
    await c.advance(125);
    expect(checks).toEqual([['a', 121]]);
    // Then as any agent: once settled, once quiet.
    await c.advance(5000);
    expect(checks.map(([, t]) => t)).toEqual([121, 420, 1620]);
  });

  it('while output flows: at the flow rate, never per chunk; then settle and quiet', async () => {
    const { c, s, checks } = setup();
    s.add('a');
    for (let t = 0; t <= 2000; t += 50) {
      await c.advance(t);
      s.output('a');
    }
    await c.advance(10_000);
    const times = checks.map(([, t]) => t);
    // 2 s of output: a check every ~500 ms (not 40 for 40 chunks), then 300 ms and 1500 ms after the last chunk
    expect(times.filter((t) => t <= 2000).length).toBeLessThanOrEqual(5);
    expect(times.filter((t) => t <= 2000).length).toBeGreaterThanOrEqual(3);
    expect(times.slice(-2)).toEqual([2300, 3500]);
    expect(times.filter((t) => t > 2000 && t < 2300).length).toBeLessThanOrEqual(1);
    expect(c.armed()).toBe(0);
  });

  it('while the user types into an agent: its echoes bring no check at the flow rate, one once the typing pauses', async () => {
    const { c, s, checks } = setup();
    s.add('a');
    s.add('b');
    await c.advance(5000);
    checks.length = 0;
    for (let t = 5000; t <= 7000; t += 100) {
      await c.advance(t);
      s.typed('a'); // a key to a, its echo 1 ms later
      await c.advance(t + 1);
      s.output('a');
      s.output('b'); // b prints on its own meanwhile: checked at the flow rate as before
    }
    expect(checks.filter(([id]) => id === 'a')).toEqual([]);
    expect(checks.filter(([id]) => id === 'b').length).toBeGreaterThanOrEqual(3);
    await c.advance(20_000);
    // 300 ms after the last echo (the screen settled), then the quiet check
    expect(checks.filter(([id]) => id === 'a').map(([, t]) => t)).toEqual([7301, 8501]);
    // Output long after the last key is the agent's own again: the flow rate applies
    checks.length = 0;
    for (let t = 30_000; t <= 32_000; t += 50) {
      await c.advance(t);
      s.output('a');
    }
    expect(checks.filter(([, t]) => t <= 32_000).length).toBeGreaterThanOrEqual(3);
  });

  it('many agents share one timer', async () => {
    const { c, s } = setup();
    for (const id of ['a', 'b', 'c', 'd']) s.add(id);
    for (const id of ['a', 'b', 'c', 'd']) s.output(id);
    expect(c.armed()).toBe(1);
  });

  it('a poke checks at once; a removed agent is never checked; dispose leaves nothing armed', async () => {
    const { c, s, checks } = setup();
    s.add('a');
    s.add('b');
    await c.advance(5000);
    checks.length = 0;
    s.poke('a');
    s.output('b');
    s.remove('b');
    await c.advance(10_000);
    expect(checks.map(([id]) => id)).toEqual(['a']);
    s.output('a');
    s.dispose();
    expect(c.armed()).toBe(0);
  });

  it('checks of one agent never overlap: output during a slow check waits for it', async () => {
    const c = fakeClock();
    const started: number[] = [];
    let release: () => void = () => {};
    const s = new DetectSchedule(
      () => {
        started.push(c.clock.now());
        return new Promise<void>((r) => {
          release = r;
        });
      },
      { flowMs: 500, settleMs: 300, quietMs: 1500 },
      c.clock,
    );
    s.add('a');
    await c.advance(300);
    expect(started).toEqual([300]);
    s.output('a');
    await c.advance(1200);
    expect(started).toEqual([300]);
    release();
    await new Promise((r) => setImmediate(r));
    await c.advance(1300);
    expect(started).toEqual([300, 1201]); // the one that waited, at once
    release();
    await new Promise((r) => setImmediate(r));
    await c.advance(5000);
    expect(started).toEqual([300, 1201, 1800]); // and the quiet one
  });
});

describe('after a reload (pokeAll)', () => {
  it('every agent is checked again once the screen had time to settle, not before its frame', async () => {
    const { c, s, checks } = setup();
    s.add('a');
    s.add('b');
    await c.advance(5000);
    checks.length = 0;
    s.pokeAll();
    await c.advance(5299);
    expect(checks).toEqual([]);
    await c.advance(6000);
    expect(checks.map(([id]) => id).sort()).toEqual(['a', 'b']);
  });
});
