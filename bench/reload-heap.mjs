// What a reload leaves behind: a hub (in this process, from dist/) with five agents in a home under
// a dot-folder, its layout saved RELOADS times (default 1000) through the watcher: good layouts,
// runtime errors and syntax errors in turn, user/hooks.lua (hooks, a command, a bound function)
// rewritten every fourth save, a pushed improvement loaded at every reload. Every 100 reloads, after
// full collections, it prints the V8 heap of the main thread and of the Lua worker, and the worker's
// memory outside V8 (Lua's wasm heap). The figures: bytes retained per reload from reload 100 on
// (the first hundred compile code and fill caches). test/reload/reload-leak.soak.test.ts runs it too.
// NODE_ENV=production (as `npm run bench` sets it) runs React's production build, as the bundled
// CLI does; without it, React's development build (as `node dist/cli.js`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { report } from './util.mjs';

const RELOADS = Math.max(200, Number(process.env.RELOADS ?? 1000));
const STEP = 100;
const BOUND = 16 * 1024; // bytes per reload, either thread's V8 heap (a kept configuration is ~150 kB)
const LUA_BOUND = 64 * 1024; // the worker outside V8 (a Lua state not closed is megabytes)
const MISS_MS = 10000;

// Full collections on demand, in this thread and (set before it starts) in the Lua worker.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
const { Hub } = await import('../dist/app/hub.js');

const good = (n) => `-- save ${n}
function App:render()
  local row = {}
  for i, a in ipairs(self.agents) do row[#row + 1] = ui.panel({ grow = 1, title = a.name }, ui.terminal(a)) end
  return ui.column({ ui.header({ title = "LEAK ${n}" }), ui.row({ grow = 1, table.unpack(row) }), ui.text(self.error or "no error") })
end
`;
const layout = (n) =>
  n % 5 === 4
    ? 'function App:render()\n  return ui.column({ ui.text("broken " .. nope.nope) })\nend\n'
    : n % 7 === 6
      ? 'function App:render(\n'
      : good(n);
const shows = (n) =>
  n % 5 === 4 ? /nope/ : n % 7 === 6 ? /layout\.lua:\d+/ : new RegExp(`LEAK ${n}\\b[\\s\\S]*no error`);
const hooks = (n) => `hooks.on("reload", function(ev) state.get("leak", {}).n = ${n} end)
hooks.on("agent_exited", function(ev) end, { pattern = "cat*" })
commands.register("leak.cmd${n % 3}", function(app) app:notify("hi ${n}") end, { desc = "leak ${n}" })
keys.bind("normal", "ctrl+x ${'abc'[n % 3]}", function(app) app:set_mode("normal") end, { desc = "leak ${n}" })
`;
const PROBE = 'keys.bind("normal", "ctrl+x z", function(app) app:notify("probe") end, { desc = "probe" })\n';

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-bench-'));
const home = path.join(base, '.botster');
fs.mkdirSync(path.join(home, 'user'), { recursive: true });
fs.writeFileSync(path.join(home, 'user/layout.lua'), layout(0));
fs.writeFileSync(path.join(home, 'user/hooks.lua'), hooks(0));

let hub = null;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitFor(re) {
  const end = Date.now() + MISS_MS;
  for (;;) {
    await hub.whenIdle();
    const text = hub.screen().toText();
    if (re.test(text)) return;
    if (Date.now() > end) throw new Error(`the frame never matched ${re}:\n${text}`);
    await sleep(2);
  }
}
async function heap() {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
  const w = await hub.lua.memory();
  if (!w.collected) throw new Error('the Lua worker has no gc()');
  return { main: process.memoryUsage().heapUsed, worker: w.heapUsed, lua: w.external };
}

const rows = [];
const mb = (b) => (b / 1e6).toFixed(2);
try {
  hub = await Hub.start({
    home,
    agents: Array.from({ length: 5 }, () => ({ command: 'cat' })),
    cols: 160,
    rows: 48,
    write: () => {},
  });
  await hub.config.watch();
  await waitFor(shows(0));
  const pushed = await hub.improvements.push({ name: 'leak_probe', source: PROBE, agent_id: null });
  if (pushed.live !== true)
    throw new Error(`the probe improvement did not go live: ${JSON.stringify(pushed)}`);
  const at = [];
  process.stderr.write(
    `reload-heap: React ${process.env.NODE_ENV === 'production' ? 'production' : 'development'} build; MB after GC\nreloads   main  worker  worker outside V8\n`,
  );
  for (let n = 1; n <= RELOADS; n++) {
    if (n % 4 === 1) fs.writeFileSync(path.join(home, 'user/hooks.lua'), hooks(n));
    fs.writeFileSync(path.join(home, 'user/layout.lua'), layout(n));
    await waitFor(shows(n));
    if (n % STEP === 0) {
      const m = await heap();
      at.push({ n, ...m });
      process.stderr.write(
        `${String(n).padStart(7)} ${mb(m.main).padStart(6)} ${mb(m.worker).padStart(7)} ${mb(m.lua).padStart(18)}\n`,
      );
    }
  }
  if (!hub.bindings.some((b) => b.desc === 'probe'))
    throw new Error('the probe improvement is no longer live');
  const first = at[0];
  const last = at[at.length - 1];
  const per = (k) => Math.round((last[k] - first[k]) / (last.n - first.n));
  const trail = (k) => at.map((m) => mb(m[k])).join(' ');
  const row = (name, k, bound) => ({
    name,
    value: per(k),
    unit: 'B',
    budget: `< ${bound / 1024} kB`,
    ok: per(k) < bound,
    note: `reloads ${first.n}..${last.n}; MB every ${STEP}: ${trail(k)}`,
  });
  rows.push(
    row('reload: main heap kept per reload', 'main', BOUND),
    row('reload: Lua worker heap kept per reload', 'worker', BOUND),
    row('reload: Lua worker, outside V8, per reload', 'lua', LUA_BOUND),
  );
} catch (err) {
  rows.push({
    name: 'reload: heap kept per reload',
    value: NaN,
    unit: 'B',
    budget: `< ${BOUND / 1024} kB`,
    ok: false,
    note: `failed: ${err.message}`,
  });
} finally {
  await hub?.dispose();
  fs.rmSync(base, { recursive: true, force: true });
}
report(rows);
process.exit(0);
