// Agents whose output is mostly escape-sequence strings: an OSC that is never terminated (base64
// of random bytes after `ESC ] 0 ;`), a loop setting large titles (a user hook listens to every
// title), and all of them at once on screen beside a Unicode storm; meanwhile keys are typed into
// another agent (cat). Measures key -> echo on the hub's screen and the longest time the main
// thread was blocked (event-loop delay). Issue 25: the echo budget is 250 ms.
//   node bench/osc-flood.mjs [NAME-SUBSTRING...]
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Hub } from '../dist/app/hub.js';
import { percentile, report, sleep, tempHome } from './util.mjs';

const SAMPLES = Number(process.env.OSC_SAMPLES ?? 60);
const only = process.argv.slice(2);
const OSC = `sh -c 'printf "\\033]0;"; exec base64 /dev/urandom'`;
const TITLES = `sh -c 't=$(head -c 6000 /dev/urandom | base64 -w0); i=0; while :; do i=$((i+1)); printf "\\033]0;%s %s\\007" "$i" "$t"; done'`;
// Clusters terminals disagree on, five lines every 15 ms.
const STORM = String.raw`
let x = 4;
const rnd = (n) => { x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff; return (x >>> 8) % n; };
const NASTY = ['\u{1f44d}\u{1f3fd}', '\u{1f469}\u200d\u{1f4bb}', 'a\u200d', '\u2764\ufe0f', '#\ufe0f\u20e3', '\u{1f1e6}\u{1f1e8}', '\u0915\u094d\u0937\u093f',
  '\u0378', '\u200b', '\u6f22', '\u00b1', '\u2192', 'e\u0301', '\u{1f600}', 'a\u0301\u0302\u0303\u0304\u0305'];
function line() { let l = ''; while (l.length < 70) { const r = rnd(10); l += r < 6 ? NASTY[rnd(NASTY.length)] : r < 9 ? String.fromCharCode(0x41 + rnd(26)) : ' '; } return l + '\r\n'; }
setInterval(() => { let s = ''; for (let i = 0; i < 5; i++) s += line(); process.stdout.write(s); }, 15);
`;
const SPLIT_LAYOUT = `function App:render()
  local row = {}
  for i, a in ipairs(self.agents) do row[#row + 1] = ui.panel({ grow = 1, title = a.name .. " " .. a.title:sub(1, 20) }, ui.terminal(a)) end
  return ui.column({ ui.header({ title = "Botster Hub" }), ui.row({ grow = 1, table.unpack(row) }) })
end
`;
const FLOODS = [
  { name: 'unterminated OSC', commands: () => [OSC] },
  { name: 'title loop (8 KB titles)', commands: () => [TITLES] },
  {
    name: 'title loop (short titles)',
    commands: () => [`sh -c 'i=0; while :; do i=$((i+1)); printf "\\033]2;t%s\\007" "$i"; done'`],
  },
  {
    name: 'all at once, every agent on screen, beside a Unicode storm',
    split: true,
    commands: (home) => [
      OSC,
      TITLES,
      `${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(home, 'storm.cjs'))}`,
    ],
  },
].filter((f) => only.length === 0 || only.some((o) => f.name.includes(o)));

async function scenario(flood) {
  let check = null;
  const home = tempHome();
  fs.mkdirSync(path.join(home, 'user'));
  // A user who listens to titles (a hook on every agent_title_changed).
  fs.writeFileSync(
    path.join(home, 'user', 'hooks.lua'),
    'local n = 0\nhooks.on("agent_title_changed", function(ev) n = n + 1 end)\n',
  );
  if (flood.split) fs.writeFileSync(path.join(home, 'user', 'layout.lua'), SPLIT_LAYOUT);
  fs.writeFileSync(path.join(home, 'storm.cjs'), STORM);
  const hub = await Hub.start({
    home,
    agents: [{ command: 'cat', name: 'echo' }],
    cols: 160,
    rows: 40,
    write: () => check?.(),
  });
  await hub.whenIdle();
  const agents = flood.commands(home).map((command, i) => hub.agents.spawn({ command, name: `flood${i}` }));
  await sleep(1000);
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const lat = [];
  for (let i = 0; i < SAMPLES; i++) {
    const want = `k${i}x`;
    const shown = () => hub.screen().toText().includes(want);
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
    hub.input(want);
    const t = await seen;
    if (Number.isNaN(t)) break;
    lat.push(t - t0);
    hub.input('\r');
    await sleep(30 + Math.random() * 40);
  }
  loop.disable();
  const bytes = agents.reduce((n, a) => n + a.outputBytes, 0);
  await hub.dispose();
  return { lat, maxBlock: loop.max / 1e6, bytes };
}

const rows = [];
for (const flood of FLOODS) {
  const r = await scenario(flood);
  const p95 = percentile(r.lat, 95);
  rows.push({
    name: `key echo while other agents print: ${flood.name}, p95`,
    value: p95,
    unit: 'ms',
    budget: '<= 250',
    ok: r.lat.length === SAMPLES && Math.max(...r.lat) <= 250,
    note: `p50 ${percentile(r.lat, 50).toFixed(1)} ms, max ${Math.max(...r.lat).toFixed(1)} ms, ${r.lat.length}/${SAMPLES} keys, ${(r.bytes / 1048576).toFixed(1)} MB printed; main thread blocked up to ${r.maxBlock.toFixed(1)} ms`,
  });
}
report(rows);
process.exit(0);
