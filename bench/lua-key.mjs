// A normal-mode key that runs a Lua command -> the new frame written: `j` runs agent.next from
// lua/default/commands.lua, the focus changes, and the frame that shows it (the worker runs the
// command and renders the view it leads to in ONE round trip; the hub takes that tree)
// (Lua render + layout + paint) is written. Measured in-process at the hub's output.
import { Hub } from '../dist/app/hub.js';
import { percentile, report, sleep, tempHome } from './util.mjs';

const SAMPLES = Number(process.env.LUA_KEY_SAMPLES ?? 200);
const WARMUP = 10;

let onWrite = null;
const hub = await Hub.start({
  home: tempHome(),
  cols: 120,
  rows: 40,
  agents: [1, 2, 3, 4].map((n) => ({ command: 'cat', name: `cat${n}` })),
  write: (data) => onWrite?.(data),
});
await sleep(500);
hub.input('\x07'); // normal mode
await hub.whenIdle();
await sleep(50);

const times = [];
for (let i = 0; i < SAMPLES + WARMUP; i++) {
  const before = hub.focused?.info.id;
  const t0 = performance.now();
  const shown = new Promise((resolve) => {
    onWrite = () => {
      if (hub.focused?.info.id !== before) resolve(performance.now() - t0);
    };
  });
  hub.input('j');
  const ms = await Promise.race([shown, sleep(2000).then(() => NaN)]);
  onWrite = null;
  if (i >= WARMUP) times.push(ms);
  await hub.whenIdle();
  await sleep(5);
}
await hub.dispose();
const ok = times.filter(Number.isFinite);
const p95 = percentile(ok, 95);
report([
  {
    name: 'normal key -> Lua command -> frame (p50)',
    value: percentile(ok, 50),
    unit: 'ms',
    budget: '—',
    ok: true,
    note: `${ok.length} presses of j (agent.next in lua/default/commands.lua), 4 agents`,
  },
  {
    name: 'normal key -> Lua command -> frame (p95)',
    value: p95,
    unit: 'ms',
    budget: '<= 5 ms',
    ok: p95 <= 5 && ok.length === times.length,
    note: `max ${Math.max(...ok).toFixed(2)} ms; ${times.length - ok.length} missed`,
  },
]);
process.exit(0);
