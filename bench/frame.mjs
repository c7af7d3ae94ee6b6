// One frame (Lua render + conversion + layout + paint) at 120x40 with 10 agents; and the same with
// the two layout pieces of docs/layout-pieces.md pushed (a status segment and a per-agent row badge:
// 11 piece calls a frame in the improvement's sandbox), in a second hub, frames interleaved with the
// first so both see the same load.
import { Hub } from '../dist/app/hub.js';
import { median, percentile, report, sleep, tempHome } from './util.mjs';

const PIECES = `layout.piece("status.right", "waiting", function(app)
  local n = 0
  for _, a in ipairs(app.agents) do if a.state == "waiting" then n = n + 1 end end
  if n == 0 then return nil end
  return ui.span(n .. " waiting", { fg = "yellow", bold = true })
end)
layout.piece("agent_list.row", "branch", function(app, ctx)
  if ctx.agent.git_branch then return ui.span("⎇ " .. ctx.agent.git_branch, { fg = "magenta" }) end
end, { order = 10 })
`;

const agents = Array.from({ length: 10 }, (_, i) => ({
  command: `printf '\\033[3${i % 8}magent ${i}\\033[0m\\n'; ls -la /; sleep 60`,
  name: `agent-${i}`,
}));
// Agents in a git repository (this checkout), so every row has a branch to show.
const start = () =>
  Hub.start({ home: tempHome(), agents, cols: 120, rows: 40, write: () => {}, collectStats: true });
const plain = await start();
const pieced = await start();
const pushed = await pieced.improvements.push({ name: 'pieces', source: PIECES, agent_id: null });
if (pushed.live !== true) throw new Error(`the pieces did not go live: ${JSON.stringify(pushed)}`);
await sleep(1500);
await Promise.all([plain.whenIdle(), pieced.whenIdle()]);
for (let i = 0; i < 100 && !/⎇ /.test(pieced.screen().toText()); i++) {
  await sleep(100);
  await pieced.frameNow();
}
if (!/⎇ /.test(pieced.screen().toText()))
  throw new Error(`the pieces are not on screen:\n${pieced.screen().toText()}`);
const ids = plain.agents.list().map((a) => a.info.id);
const times = { plain: [], pieced: [] };
plain.stats.reset();
pieced.stats.reset();
for (let i = 0; i < 300; i++) {
  for (const [key, hub] of [
    ['plain', plain],
    ['pieced', pieced],
  ]) {
    const t0 = performance.now();
    await hub.frameNow(ids[i % ids.length]);
    times[key].push(performance.now() - t0);
  }
}
const s = plain.stats.summary();
const p = pieced.stats.summary();
await Promise.all([plain.dispose(), pieced.dispose()]);
const m = median(times.plain);
const mp = median(times.pieced);
report([
  {
    name: 'frame 120x40, 10 agents (median)',
    value: m,
    unit: 'ms',
    budget: '<= 3 ms',
    ok: m <= 3,
    note: `p95 ${percentile(times.plain, 95).toFixed(2)} ms; lua ${s.lua.toFixed(2)} + layout ${s.layout.toFixed(2)} + paint ${s.paint.toFixed(2)} ms (medians)`,
  },
  {
    name: 'frame 120x40, 10 agents, 2 layout pieces (median)',
    value: mp,
    unit: 'ms',
    budget: '<= 3 ms',
    ok: mp <= 3,
    note: `p95 ${percentile(times.pieced, 95).toFixed(2)} ms; lua ${p.lua.toFixed(2)} (${(p.lua - s.lua >= 0 ? '+' : '') + (p.lua - s.lua).toFixed(2)} vs none, same run) + layout ${p.layout.toFixed(2)} + paint ${p.paint.toFixed(2)} ms`,
  },
]);
process.exit(0);
