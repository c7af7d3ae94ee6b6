// The grid (b): 9 live agents, one flooding coloured output, beside the default layout showing the
// flooding agent alone, in two hubs of the same run (same load). The frames the flood causes are
// timed in each (FrameStats: each frame from its start to its last byte written); budget: the
// grid's p95 <= 2x the single terminal's. Then typing: a key into a `cat` agent (the grid's
// selected cell in insert mode; the lone terminal panel in the other hub) until the hub writes its
// echo, while the flood goes on; budget: the grid's p95 no worse than the panel's (<= 1.2x + 0.5 ms).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hub } from '../dist/app/hub.js';
import { median, percentile, report, sleep, tempHome } from './util.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const flood = `${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(here, 'flood-source.mjs'))} 100000`;
const agents = [
  ...Array.from({ length: 8 }, (_, i) => ({
    command: `sh -c 'echo cell ${i + 1}; exec cat'`,
    name: `cat-${i + 1}`,
  })),
  { command: flood, name: 'flood' },
];
const COLS = 160;
const ROWS = 48;

async function start(grid) {
  const waiters = [];
  const hub = await Hub.start({
    home: tempHome(),
    agents,
    cols: COLS,
    rows: ROWS,
    collectStats: true,
    write: (bytes) => {
      const s = String(bytes);
      for (const w of waiters.splice(0)) if (!w(s)) waiters.push(w);
    },
  });
  const input = async (keys) => {
    hub.input(keys);
    await hub.whenIdle();
  };
  await sleep(1500);
  await input('\x07'); // normal mode
  if (grid)
    await input('b1\r'); // the grid, its first cell (cat-1) typed to
  else await input('1\r'); // cat-1 alone in the terminal panel
  // `echo(ch)`: ms from the key to the hub writing it
  const echo = (ch) =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const timer = setTimeout(() => resolve(NaN), 2000);
      waiters.push((s) => {
        if (!s.includes(ch)) return false;
        clearTimeout(timer);
        resolve(performance.now() - t0);
        return true;
      });
      hub.input(ch);
    });
  return { hub, echo };
}

const grid = await start(true);
const single = await start(false);
// The single hub shows the flooder (so its panel repaints with the flood): focus it without typing.
await single.hub.frameNow(single.hub.agents.list()[8].info.id);
if (!/cell 9|flood/.test(grid.hub.screen().toText()) || !/cat-1/.test(grid.hub.screen().toText()))
  throw new Error(`the grid is not on screen:\n${grid.hub.screen().toText()}`);
// Frames while flooding, both hubs at once.
grid.hub.stats.reset();
single.hub.stats.reset();
await sleep(3000);
const gridFrames = [...grid.hub.stats.paint];
const singleFrames = [...single.hub.stats.paint];
// Echo in the grid's cell vs the single panel's (single focuses cat-1 again, its panel shows it).
await single.hub.frameNow(single.hub.agents.list()[0].info.id);
single.hub.input('\x07i');
await single.hub.whenIdle();
const ALPHA = 'abcdefghijklmnopqrstuvwxyz';
const times = { grid: [], single: [] };
for (let i = 0; i < 120; i++) {
  const ch = ALPHA[i % ALPHA.length];
  for (const [k, h] of [
    ['grid', grid],
    ['single', single],
  ]) {
    const ms = await h.echo(ch);
    if (i >= 10) times[k].push(ms);
    if (i % 30 === 29) h.hub.input('\r');
  }
  await sleep(5);
}
await Promise.all([grid.hub.dispose(), single.hub.dispose()]);
const gp = percentile(gridFrames, 95);
const sp = percentile(singleFrames, 95);
const ge = percentile(times.grid.filter(Number.isFinite), 95);
const se = percentile(times.single.filter(Number.isFinite), 95);
report([
  {
    name: 'grid 160x48, 9 agents, one flooding: frame p95',
    value: gp,
    unit: 'ms',
    budget: '<= 2x one terminal',
    ok: gp <= 2 * sp,
    note: `${(gp / sp).toFixed(2)}x the single terminal's ${sp.toFixed(2)} ms (same run); medians ${median(gridFrames).toFixed(2)} / ${median(singleFrames).toFixed(2)} ms; ${gridFrames.length} / ${singleFrames.length} frames in 3 s`,
  },
  {
    name: 'grid: key -> echo in the selected cell, during the flood, p95',
    value: ge,
    unit: 'ms',
    budget: '<= panel x1.2 + 0.5',
    ok: ge <= se * 1.2 + 0.5,
    note: `panel p95 ${se.toFixed(2)} ms; medians ${median(times.grid).toFixed(2)} / ${median(times.single).toFixed(2)} ms; lost ${times.grid.filter((x) => !Number.isFinite(x)).length}/${times.single.filter((x) => !Number.isFinite(x)).length}`,
  },
]);
process.exit(0);
