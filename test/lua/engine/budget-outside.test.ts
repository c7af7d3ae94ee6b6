// Work a JS function does for Lua under a budget of its own (a layout piece in another engine)
// is not charged to the Lua call that asked for it: LuaEngine.outside().
import { afterEach, describe, expect, it } from 'vitest';
import { LuaEngine } from '../../../src/lua/engine/index.js';
import { Budget, type ThreadTimes } from '../../../src/lua/engine/thread-clock.js';

const engines: LuaEngine[] = [];
afterEach(() => {
  for (const e of engines.splice(0)) e.close();
});

/** Burns `ms` of this process's CPU (not wall time: a loaded machine must not make it shorter). */
function burn(ms: number): void {
  const start = process.cpuUsage();
  for (;;) {
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms) return;
  }
}

describe('LuaEngine.outside', () => {
  it('time spent outside does not count against the running call; inside it does', async () => {
    const e = await LuaEngine.create({});
    engines.push(e);
    e.setGlobal('busy_outside', () => e.outside(() => burn(300)));
    e.setGlobal('busy_inside', () => burn(300));
    // Enough Lua after the call for the budget's hook to look at the clock.
    const after = 'local n = 0 for i = 1, 5000 do n = n + i end return n';
    expect(e.run(`busy_outside() ${after}`, 'ok.lua', { budgetMs: 100 })[0]).toBe(12502500);
    expect(() => e.run(`busy_inside() ${after}`, 'late.lua', { budgetMs: 100 })).toThrow(
      /late\.lua:1: stopped after 100 ms/,
    );
  });

  it('a Budget counts time on a core, a tenth of time asleep, and no time waiting for a core', () => {
    const t: ThreadTimes = { cpu: 0, blocked: 0 };
    const b = new Budget(100, 0, () => ({ ...t }), 10);
    b.begin(0);
    // Starved: 500 ms went by, 60 of them on a core, the rest waiting for one.
    t.cpu = 60;
    expect(b.late(500)).toBe(false);
    expect(b.at).toBe(540); // the soonest it could be spent
    // Asleep 300 ms (a call that waits on something): 30 ms of the budget.
    t.blocked = 300;
    expect(b.late(800)).toBe(false);
    t.cpu = 70;
    expect(b.late(900)).toBe(true);
  });

  it('what excluded work spends does not count; without a clock the budget is wall time', () => {
    const t: ThreadTimes = { cpu: 0, blocked: 0 };
    const b = new Budget(100, performance.now(), () => ({ ...t }), 10);
    b.exclude(() => {
      t.cpu += 500; // a layout piece's own work
      t.blocked += 500;
    });
    t.cpu += 90;
    expect(b.late(performance.now() + 1000)).toBe(false);
    t.cpu += 10;
    expect(b.late(performance.now() + 2000)).toBe(true);
    const wall = new Budget(100, 0, () => undefined, 10);
    wall.begin(0);
    expect(wall.late(99)).toBe(false);
    expect(wall.late(101)).toBe(true);
  });

  it('a run that only sleeps is still stopped, ten budgets later, with its file:line', async () => {
    const e = await LuaEngine.create({});
    engines.push(e);
    const cell = new Int32Array(new SharedArrayBuffer(4));
    e.setGlobal('nap', (ms: number) => Atomics.wait(cell, 0, 0, ms));
    const t0 = performance.now();
    expect(() =>
      e.run('local n = 0\nwhile true do nap(5) n = n + 1 end', 'nap.lua', { budgetMs: 50 }),
    ).toThrow(/nap\.lua:2: stopped after 50 ms/);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(400); // not stopped by its wall time
  });
});
