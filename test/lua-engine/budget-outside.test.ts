// Work a JS function does for Lua under a budget of its own (a layout piece in another engine)
// is not charged to the Lua call that asked for it: LuaEngine.outside().
import { afterEach, describe, expect, it } from 'vitest';
import { LuaEngine } from '../../src/lua/engine/index.js';
import { Budget } from '../../src/lua/engine/core-wait.js';

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

  it('a Budget credited with time is late that much later, and stretches that much further', () => {
    const b = new Budget(100, 0, () => 0, 10);
    b.begin();
    b.credit(50);
    expect(b.late(140)).toBe(false);
    expect(b.late(151)).toBe(true);
    // However starved, a run ends 10 budgets of wall time after it began, plus the wall time credited.
    const waits = { now: 0 };
    const cap = new Budget(10, 0, () => waits.now, 10);
    cap.begin();
    cap.credit(5, 200);
    waits.now = 290; // waited for a core nearly all the time: not late by the budget, late by the cap
    expect(cap.late(299)).toBe(false);
    expect(cap.late(310)).toBe(true);
  });
});
