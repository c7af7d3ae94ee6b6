// One agent prints ~240 bytes of counted sequences (scroll/insert/delete lines, repeat, back-tab
// with 99999 as the count) every 250 ms, then a few KB of them; meanwhile keys are typed into a
// second agent (cat). Measures key -> echo on the hub's screen, and the longest time the hub's
// main thread was blocked (event-loop delay).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Hub } from '../dist/app/hub.js';
import { percentile, report, sleep, tempHome } from './util.mjs';

const SAMPLES = Number(process.env.STALL_SAMPLES ?? 60);
const KEY_TIMEOUT_MS = 60000;
const ROUND = '\\033[99999S\\033[99999T\\033[99999L\\033[99999M' + 'x\\033[99999b\\033[99999Z';
const STORMS = [
  { name: '240 B', body: ROUND.repeat(5) }, // 5 x 49 bytes
  { name: '4 KB', body: ROUND.repeat(80) },
];

async function scenario(storm) {
  let check = null;
  const hub = await Hub.start({
    home: tempHome(),
    agents: [{ command: 'cat', name: 'echo' }],
    cols: 120,
    rows: 40,
    write: () => check?.(),
  });
  await hub.whenIdle();
  const agent = hub.agents.spawn({
    command: `sh -c 'while :; do printf "${storm.body}"; sleep 0.25; done'`,
    name: 'storm',
  });
  await sleep(300);
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
    const shown = () =>
      hub
        .screen()
        .toText()
        .split('\n')
        .some((l) => l.includes(`│${want} `) || l.includes(`│${want}│`));
    const t0 = performance.now();
    const seen = new Promise((resolve) => {
      const timer = setTimeout(() => resolve(NaN), KEY_TIMEOUT_MS);
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
    await sleep(10 + Math.random() * 20);
  }
  loop.disable();
  const bytes = agent.outputBytes;
  await hub.dispose();
  return { lat, maxBlock: loop.max / 1e6, bytes };
}

const rows = [];
for (const storm of STORMS) {
  const r = await scenario(storm);
  const p95 = percentile(r.lat, 95);
  rows.push({
    name: `key echo while another agent prints ${storm.name} storms, p95`,
    value: p95,
    unit: 'ms',
    budget: '<= 50',
    ok: r.lat.length === SAMPLES && p95 <= 50,
    note: `max ${Math.max(...r.lat).toFixed(1)} ms, ${r.lat.length}/${SAMPLES} keys, ${(r.bytes / 1024).toFixed(0)} KB of storm parsed`,
  });
  rows.push({
    name: `longest main-thread block during ${storm.name} storms`,
    value: r.maxBlock,
    unit: 'ms',
    budget: '<= 50',
    ok: r.maxBlock <= 50,
    note: 'event-loop delay, max',
  });
}
report(rows);
process.exit(0);
