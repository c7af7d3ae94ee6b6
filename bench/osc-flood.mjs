// One agent prints output that is mostly escape-sequence strings: an OSC that is never terminated
// (base64 of random bytes after `ESC ] 0 ;`), or a loop setting large titles; meanwhile keys are
// typed into a second agent (cat). Measures key -> echo on the hub's screen and the longest time
// the main thread was blocked (event-loop delay). Issue 25: the echo budget is 250 ms.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import fs from 'node:fs';
import path from 'node:path';
import { Hub } from '../dist/app/hub.js';
import { percentile, report, sleep, tempHome } from './util.mjs';

const SAMPLES = Number(process.env.OSC_SAMPLES ?? 60);
const only = process.argv.slice(2);
const FLOODS = [
  { name: 'unterminated OSC', command: `sh -c 'printf "\\033]0;"; exec base64 /dev/urandom'` },
  { name: 'title loop (8 KB titles)', command: `sh -c 't=$(head -c 6000 /dev/urandom | base64 -w0); i=0; while :; do i=$((i+1)); printf "\\033]0;%s %s\\007" "$i" "$t"; done'` },
  { name: 'title loop (short titles)', command: `sh -c 'i=0; while :; do i=$((i+1)); printf "\\033]2;t%s\\007" "$i"; done'` },
].filter((f) => only.length === 0 || only.some((o) => f.name.includes(o)));

async function scenario(flood) {
  let check = null;
  const home = tempHome();
  // A user who listens to titles (a hook on every agent_title_changed).
  fs.mkdirSync(path.join(home, 'user'));
  fs.writeFileSync(path.join(home, 'user', 'hooks.lua'), 'local n = 0\nhooks.on("agent_title_changed", function(ev) n = n + 1 end)\n');
  const hub = await Hub.start({ home, agents: [{ command: 'cat', name: 'echo' }], cols: 120, rows: 40, write: () => check?.() });
  await hub.whenIdle();
  const agent = hub.agents.spawn({ command: flood.command, name: 'flood' });
  await sleep(1000);
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const lat = [];
  let line = '';
  for (let i = 0; i < SAMPLES; i++) {
    if (line.length >= 40) {
      hub.input('\r');
      line = '';
      await sleep(50);
    }
    const ch = 'abcdefghijklmnopqrstuvwxyz'[i % 26];
    line += ch;
    const want = line;
    const shown = () => hub.screen().toText().split('\n').some((l) => l.includes(`│${want} `) || l.includes(`│${want}│`));
    const t0 = performance.now();
    const seen = new Promise((resolve) => {
      const timer = setTimeout(() => resolve(NaN), 10000);
      check = () => {
        if (!shown()) return;
        clearTimeout(timer);
        check = null;
        resolve(performance.now());
      };
    });
    hub.input(ch);
    const t = await seen;
    if (Number.isNaN(t)) break;
    lat.push(t - t0);
    await sleep(30 + Math.random() * 40);
  }
  loop.disable();
  const bytes = agent.outputBytes;
  await hub.dispose();
  return { lat, maxBlock: loop.max / 1e6, bytes };
}

const rows = [];
for (const flood of FLOODS) {
  const r = await scenario(flood);
  const p95 = percentile(r.lat, 95);
  rows.push({
    name: `key echo while another agent prints: ${flood.name}, p95`,
    value: p95,
    unit: 'ms',
    budget: '<= 250',
    ok: r.lat.length === SAMPLES && Math.max(...r.lat) <= 250,
    note: `p50 ${percentile(r.lat, 50).toFixed(1)} ms, max ${Math.max(...r.lat).toFixed(1)} ms, ${r.lat.length}/${SAMPLES} keys, ${(r.bytes / 1048576).toFixed(1)} MB printed; main thread blocked up to ${r.maxBlock.toFixed(1)} ms`,
  });
}
report(rows);
process.exit(0);
