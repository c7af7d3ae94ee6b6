// The real CLI (bundled, in a PTY), RSS from /proc (the Lua worker is a thread of the same
// process): (1) 10 agents each holding 5000 lines of 110-column coloured output, then its CPU
// while all are idle; (2) one agent that flooded 50 MB of coloured output. RSS is read once the
// hub's CPU went flat (output parsed and drawn) and again TRIM_WAIT_MS later: the hub gives memory
// back a few seconds after a burst of output (src/agents/memory-trim.ts); the later figure counts.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnPty } from '../dist/pty/pty-process.js';
import { median, report, serverOf, sleep, stopServer, tempHome } from './util.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.join(here, '../bin/botster-tui.js');
const lines = path.join(here, 'colour-lines.mjs');
const flood = path.join(here, 'flood-source.mjs');
const q = JSON.stringify;
const TRIM_WAIT_MS = Number(process.env.TRIM_WAIT_MS ?? 12000);

function startHub(agents) {
  const args = [bin, '--home', tempHome()];
  for (const a of agents) args.push('--agent', a);
  const env = { ...process.env, TERM: 'xterm-256color' };
  delete env.CI;
  const hub = spawnPty({ file: process.execPath, args, cwd: process.cwd(), env, cols: 120, rows: 40 });
  hub.onData(() => {});
  return hub;
}
/** The client in a PTY, and the pid of the server it started (where the agents and memory are). */
async function startServer(agents) {
  const hub = startHub(agents);
  hub.server = await serverOf(hub.pid);
  return hub;
}
const stat = (pid) => {
  const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return s.slice(s.lastIndexOf(')') + 2).split(' ');
};
const rssMb = (pid) =>
  Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const cpuMs = (pid) => {
  const f = stat(pid);
  return (Number(f[11]) + Number(f[12])) * 10;
}; // utime+stime, 10 ms ticks
async function stop(hub) {
  await stopServer(hub.server);
  hub.kill('SIGTERM');
  await Promise.race([new Promise((r) => hub.onExit(r)), sleep(3000)]);
  hub.dispose();
}
/** Waits until the hub's CPU stays flat for `quietMs` (all output parsed and drawn). */
async function settle(pid, quietMs, maxMs) {
  const t0 = performance.now();
  let last = cpuMs(pid);
  let since = performance.now();
  while (performance.now() - t0 < maxMs) {
    await sleep(250);
    const now = cpuMs(pid);
    if (now - last > 20) {
      last = now;
      since = performance.now();
    } else if (performance.now() - since >= quietMs) return;
  }
}

const scroll = [];
const scrollAtSettle = [];
let idleMs = NaN;
for (let run = 0; run < 3; run++) {
  const agents = [];
  for (let i = 0; i < 10; i++) agents.push(`${q(process.execPath)} ${q(lines)} 5000 ${i}`);
  const hub = await startServer(agents);
  await sleep(3000);
  await settle(hub.server, 1500, 30000);
  scrollAtSettle.push(rssMb(hub.server));
  await sleep(TRIM_WAIT_MS);
  scroll.push(rssMb(hub.server));
  if (run === 0) {
    const t0 = cpuMs(hub.server);
    await sleep(5000);
    idleMs = cpuMs(hub.server) - t0;
  }
  await stop(hub);
}
const afterFlood = [];
const floodAtSettle = [];
for (let run = 0; run < 3; run++) {
  const hub = await startServer([`${q(process.execPath)} ${q(flood)} 50; sleep 600`]);
  await sleep(3000);
  await settle(hub.server, 1500, 60000);
  floodAtSettle.push(rssMb(hub.server));
  await sleep(TRIM_WAIT_MS);
  afterFlood.push(rssMb(hub.server));
  await stop(hub);
}
const s = median(scroll);
const f = median(afterFlood);
const runs = (xs) => xs.map((x) => x.toFixed(0)).join(', ');
report([
  {
    name: 'RSS, 10 agents x 5000 coloured 110-col lines',
    value: s,
    unit: 'MB',
    budget: '<= 150 MB',
    ok: s <= 150,
    note: `median of 3 (${runs(scroll)}); ${median(scrollAtSettle).toFixed(0)} MB as output stopped; aim 120 MB; the hub server process (bundle + Lua worker thread), /proc`,
  },
  {
    name: 'RSS after a 50 MB coloured flood in one agent',
    value: f,
    unit: 'MB',
    budget: '<= 120 MB',
    ok: f <= 120,
    note: `median of 3 (${runs(afterFlood)}); ${median(floodAtSettle).toFixed(0)} MB as the flood ended; aim 100 MB`,
  },
  {
    name: 'CPU over 5 s with 10 idle agents',
    value: idleMs,
    unit: 'ms',
    budget: '~0',
    ok: idleMs <= 50,
    note: 'utime+stime of the hub server process (10 ms ticks)',
  },
]);
process.exit(0);
