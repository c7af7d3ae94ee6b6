// One frame (Lua render + conversion + layout + paint) at 120x40 with 10 agents.
import { Hub } from '../dist/app/hub.js';
import { median, percentile, report, sleep, tempHome } from './util.mjs';

const agents = Array.from({ length: 10 }, (_, i) => ({
  command: `printf '\\033[3${i % 8}magent ${i}\\033[0m\\n'; ls -la /; sleep 60`,
  name: `agent-${i}`,
}));
const hub = await Hub.start({ home: tempHome(), agents, cols: 120, rows: 40, write: () => {}, collectStats: true });
await sleep(1500);
await hub.whenIdle();
const ids = hub.agents.list().map((a) => a.info.id);
const times = [];
hub.stats.reset();
for (let i = 0; i < 300; i++) {
  const t0 = performance.now();
  await hub.frameNow(ids[i % ids.length]);
  times.push(performance.now() - t0);
}
const s = hub.stats.summary();
await hub.dispose();
const m = median(times);
report([
  { name: 'frame 120x40, 10 agents (median)', value: m, unit: 'ms', budget: '<= 3 ms', ok: m <= 3, note: `p95 ${percentile(times, 95).toFixed(2)} ms; lua ${s.lua.toFixed(2)} + layout ${s.layout.toFixed(2)} + paint ${s.paint.toFixed(2)} ms (medians)` },
]);
process.exit(0);
