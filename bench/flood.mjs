// 50 MB of coloured output from one agent: the hub (rendering as it goes) against raw PTY ->
// headless terminal in the same process. Ratio = raw time / hub time (1.0 = no overhead).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnPty } from '../dist/pty/pty-process.js';
import { HeadlessTerminal } from '../dist/terminal/headless-terminal.js';
import { Hub } from '../dist/app/hub.js';
import { median, report, tempHome } from './util.mjs';

const MB = Number(process.env.FLOOD_MB ?? 50);
const source = path.join(path.dirname(fileURLToPath(import.meta.url)), 'flood-source.mjs');
const cols = 118;
const rows = 36;

async function raw() {
  const term = new HeadlessTerminal({ cols, rows });
  const t0 = performance.now();
  const p = spawnPty({
    file: process.execPath,
    args: [source, String(MB)],
    cwd: process.cwd(),
    env: { ...process.env, TERM: 'xterm-256color' },
    cols,
    rows,
  });
  p.onData((d) => term.write(d));
  await new Promise((r) => p.onExit(r));
  await term.flush();
  const ms = performance.now() - t0;
  p.dispose();
  term.dispose();
  return ms;
}

async function hub() {
  let bytes = 0;
  const h = await Hub.start({
    home: tempHome(),
    agents: [],
    cols: 120,
    rows: 40,
    write: (d) => (bytes += d.length),
  });
  await h.agents.ready(); // the terminal emulator loads after the first frame
  const t0 = performance.now();
  const agent = h.agents.spawn({ command: process.execPath, args: [source, String(MB)] });
  h.dispatch({ type: 'focus', id: agent.info.id });
  await agent.exited;
  const ms = performance.now() - t0;
  await h.whenIdle();
  const frames = h.frames;
  await h.dispose();
  return { ms, frames, bytes };
}

const rawTimes = [];
const hubTimes = [];
let last;
for (let i = 0; i < 3; i++) {
  rawTimes.push(await raw());
  last = await hub();
  hubTimes.push(last.ms);
}
const r = median(rawTimes);
const h = median(hubTimes);
const ratio = r / h;
report([
  {
    name: `flood ${MB} MB coloured: raw PTY->xterm`,
    value: r,
    unit: 'ms',
    budget: '—',
    ok: true,
    note: `${((MB * 1000) / r).toFixed(1)} MB/s`,
  },
  {
    name: `flood ${MB} MB coloured: through the hub`,
    value: h,
    unit: 'ms',
    budget: '—',
    ok: true,
    note: `${((MB * 1000) / h).toFixed(1)} MB/s, ${last.frames} frames, ${(last.bytes / 1e6).toFixed(1)} MB to the terminal`,
  },
  {
    name: 'flood throughput ratio (raw time / hub time)',
    value: ratio,
    unit: 'x',
    budget: '>= 0.8',
    ok: ratio >= 0.8,
    note: 'medians of 3 runs each, interleaved',
  },
]);
process.exit(0);
