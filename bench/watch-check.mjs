// The watcher's safety net (src/reload/config-watcher.ts): every CHECK_MS it compares the
// signature of every watched file and folder with the last reported one. This is the only timer
// the watcher keeps when nothing happens, so its cost is what idling costs: one check over a
// typical home (user/ with 10 files and a lib/ folder, an improvement with history) and the shipped
// lua/ and keybindings/, timed N times; reported as the median per check and the share of one
// core it takes at its period.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigWatcher, CHECK_MS } from '../dist/reload/config-watcher.js';
import { configWatchRoots } from '../dist/reload/watch-roots.js';
import { percentile, report, tempHome } from './util.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const N = Number(process.env.CHECKS ?? 2000);
const home = tempHome();
const write = (rel, text) => {
  fs.mkdirSync(path.dirname(path.join(home, rel)), { recursive: true });
  fs.writeFileSync(path.join(home, rel), text);
};
for (const f of ['layout', 'keybindings', 'hooks', 'profiles', 'settings', 'theme', 'a', 'b', 'c', 'd'])
  write(`user/${f}.lua`, `-- ${f}`);
for (const f of ['util', 'strings']) write(`user/lib/${f}.lua`, `-- ${f}`);
write('improvements/x.lua', '-- x');
for (let v = 1; v <= 20; v++) write(`improvements/.history/x/v${v}.lua`, `-- v${v}`);
for (let i = 0; i < 200; i++) write(`logs/old-${i}.log`, '');

const w = new ConfigWatcher(
  configWatchRoots({ home, packageRoot: path.join(here, '..') }),
  async () => {},
  2,
  { checkMs: 0 },
);
await w.ready();
const times = [];
for (let i = 0; i < N; i++) {
  const t0 = performance.now();
  w.check();
  times.push(performance.now() - t0);
}
await new Promise((r) => setTimeout(r, 100)); // a needless re-arm would show up here
const rearms = w.rearmCount;
await w.dispose();
fs.rmSync(home, { recursive: true, force: true });
const p50 = percentile(times, 0.5);
report([
  {
    name: 'watcher check (idle)',
    value: p50 * 1000,
    unit: 'us',
    budget: '<= 1000 us',
    ok: p50 < 1 && w.rescueCount === 0 && rearms === 0,
    note: `p95 ${(percentile(times, 0.95) * 1000).toFixed(0)} us; every ${CHECK_MS} ms: ${((p50 / CHECK_MS) * 100).toFixed(3)}% of a core; ${w.rescueCount} rescues and ${rearms} re-arms (both must be 0)`,
  },
]);
