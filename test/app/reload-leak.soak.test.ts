import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { realHome, startHub, waitForFrame } from './helpers.js';

// What a reload leaves behind: a hub with five agents, saved again and again (good layouts, broken
// ones, hooks/commands/bindings rewritten, an improvement loaded each time), must hold the same heap
// after GC in both threads. Bytes retained per reload, over enough reloads that GC noise and V8
// still compiling hot code (together 1-4.5 kB per reload here) stay well below the bound, and a
// real leak far above it: one configuration kept alive holds ~150 kB of file sources, a kept Lua
// state megabytes. Not a timing test: it counts bytes after full collections.
const WARMUP = 60; // code paths compile and caches fill first
const MEASURED = 240;
const BOUND = 16 * 1024; // bytes per reload, each thread's V8 heap
const LUA_BOUND = 64 * 1024; // the worker's memory outside V8 (Lua's wasm heap): a leaked Lua state is MBs

// A full GC on demand in both threads: set before the hub's worker starts, so it gets `gc` too.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const good = (n: number) => `-- save ${n}
function App:render()
  local row = {}
  for i, a in ipairs(self.agents) do row[#row + 1] = ui.panel({ grow = 1, title = a.name }, ui.terminal(a)) end
  return ui.column({ ui.header({ title = "LEAK ${n}" }), ui.row({ grow = 1, table.unpack(row) }), ui.text(self.error or "no error") })
end
`;
// Good, a runtime error, a syntax error: each kind of outcome a save has.
const layout = (n: number) => (n % 5 === 4 ? `function App:render()\n  return ui.column({ ui.text("broken " .. nope.nope) })\nend\n` : n % 7 === 6 ? 'function App:render(\n' : good(n));
const shows = (n: number) => (n % 5 === 4 ? /nope/ : n % 7 === 6 ? /layout\.lua:\d+/ : new RegExp(`LEAK ${n}\\b[\\s\\S]*no error`));
const hooks = (n: number) => `hooks.on("reload", function(ev) state.get("leak", {}).n = ${n} end)
hooks.on("agent_exited", function(ev) end, { pattern = "cat*" })
commands.register("leak.cmd${n % 3}", function(app) app:notify("hi ${n}") end, { desc = "leak ${n}" })
keys.bind("normal", "ctrl+x ${'abc'[n % 3]}", function(app) app:set_mode("normal") end, { desc = "leak ${n}" })
`;

let hub: Hub | null = null;
afterAll(async () => {
  await hub?.dispose();
});

async function heap(h: Hub): Promise<{ main: number; worker: number; lua: number }> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
  const w = await h.lua.memory();
  expect(w.collected, 'the Lua worker has no gc()').toBe(true);
  return { main: process.memoryUsage().heapUsed, worker: w.heapUsed, lua: w.external };
}

describe('reload leak', () => {
  it(`${MEASURED} reloads with five agents retain less than ${BOUND / 1024} kB each in either thread`, async () => {
    const home = realHome('dot-folder', { 'user/layout.lua': layout(0), 'user/hooks.lua': hooks(0) });
    hub = await startHub({ home, agents: Array.from({ length: 5 }, () => ({ command: 'cat' })), cols: 160, rows: 48 });
    await hub.watchConfig();
    const h = hub;
    await waitForFrame(h, shows(0));
    // An improvement loads in its own sandboxed state at every reload.
    const probe = 'keys.bind("normal", "ctrl+x z", function(app) app:notify("probe") end, { desc = "probe" })\n';
    expect(await h.improvements.push({ name: 'leak_probe', source: probe, agent_id: null })).toMatchObject({ live: true });
    expect(h.bindings.some((b) => b.desc === 'probe'), 'the improvement is live').toBe(true);
    let n = 0;
    const reloads = async (count: number) => {
      for (let i = 0; i < count; i++) {
        n++;
        if (n % 4 === 1) fs.writeFileSync(path.join(home, 'user/hooks.lua'), hooks(n));
        fs.writeFileSync(path.join(home, 'user/layout.lua'), layout(n));
        await waitForFrame(h, shows(n));
      }
    };
    await reloads(WARMUP);
    const before = await heap(h);
    await reloads(MEASURED);
    const after = await heap(h);
    const per = (k: keyof typeof before) => Math.round((after[k] - before[k]) / MEASURED);
    console.log(`reload leak: bytes per reload after GC: main ${per('main')}, worker ${per('worker')}, worker outside V8 ${per('lua')}`);
    expect(h.bindings.some((b) => b.desc === 'probe'), 'the improvement is still live').toBe(true);
    expect(per('main')).toBeLessThan(BOUND);
    expect(per('worker')).toBeLessThan(BOUND);
    expect(per('lua')).toBeLessThan(LUA_BOUND);
  }, 170000);
});
