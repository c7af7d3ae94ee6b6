// Where cold start-up time goes: runs `botster-tui` (in a PTY, 120x40, a fresh home) with
// BOTSTER_TRACE and prints each milestone of the client, of the server it starts and of the
// server's Lua worker: the time since the client was spawned (the epoch times in the trace line
// them up), and the CPU time the milestone's thread used since its previous milestone and the
// time it waited for a CPU meanwhile (Linux schedstat): on a loaded machine, CPU time is what a
// phase costs and waiting is what the load added. Medians of RUNS runs.
// `node bench/startup-profile.mjs [RUNS]`; `--attach` profiles attaching to a running server;
// `--node` runs `node bin/botster-tui.js` instead of the launcher a user runs (bin/botster-tui):
// the client then starts the server itself once its node booted.
// BENCH_BASELINE=DIR|REV (bench/baseline.mjs): that build's runs alternate with this one's, and each
// line shows both (the same load for both: only this same-run comparison means much on a shared machine).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnPty } from '../dist/pty/pty-process.js';
import { median, serverPid, sleep, stopServer, tempHome } from './util.mjs';
import { baselineBin } from './baseline.mjs';

const NODE = process.argv.includes('--node');
const launcher = (root) => path.join(root, NODE ? 'bin/botster-tui.js' : 'bin/botster-tui');
const here = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const BASE = process.env.BENCH_BASELINE
  ? path.resolve(path.dirname(baselineBin(process.env.BENCH_BASELINE)), '..')
  : null;
let bin = launcher(here);
const RUNS = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 7);

/**
 * The CPU the server's threads (main, Lua worker, V8's) used so far, from their schedstat (ns): what
 * a cold start costs whatever the machine's load (the wall time mostly measures the load).
 */
function serverCpu(traceFile, clientPid) {
  try {
    const line = fs
      .readFileSync(traceFile, 'utf8')
      .split('\n')
      .find((l) => l && Number(l.split(' ')[2]) !== clientPid);
    const pid = Number(line?.split(' ')[2]);
    let ns = 0;
    const by = {};
    for (const t of fs.readdirSync(`/proc/${pid}/task`)) {
      const n = Number(fs.readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]);
      const name = Number(t) === pid ? 'main' : fs.readFileSync(`/proc/${pid}/task/${t}/comm`, 'utf8').trim();
      if (n > 1e6) by[`${name}:${t}`] = n / 1e6;
      ns += n;
    }
    if (process.env.PROFILE_THREADS)
      console.error(JSON.stringify(by, (k, v) => (typeof v === 'number' ? Math.round(v) : v)));
    return ns / 1e6;
  } catch {
    return NaN;
  }
}
let cpuAtFrame = NaN;

function run(args, traceFile) {
  const env = { ...process.env, TERM: 'xterm-256color', BOTSTER_TRACE: traceFile };
  delete env.CI;
  cpuAtFrame = NaN;
  const t0 = performance.timeOrigin + performance.now();
  const p = NODE
    ? spawnPty({ file: process.execPath, args: [bin, ...args], cwd: process.cwd(), env, cols: 120, rows: 40 })
    : spawnPty({ file: bin, args, cwd: process.cwd(), env, cols: 120, rows: 40 });
  const shown = new Promise((resolve) => {
    let out = '';
    p.onData((d) => {
      out += d;
      if (Number.isNaN(cpuAtFrame) && out.includes('\x1b[?2026l') && out.includes('Botster Hub')) {
        resolve(performance.timeOrigin + performance.now());
        cpuAtFrame = serverCpu(traceFile, p.pid);
      }
    });
    setTimeout(() => resolve(NaN), 10000);
  });
  return { p, t0, shown };
}

const ATTACH = process.argv.includes('--attach');
// One file for every run (a server that runs on keeps writing to the file it was started with).
const traceFile = path.join(os.tmpdir(), `botster-profile-${process.pid}`);
let attachHome = null;
let attachServer = null;
if (ATTACH) {
  // One server for all runs, started by a client that then detaches.
  attachHome = tempHome();
  const { p, shown } = run(['--home', attachHome, '--agent', 'sleep 600'], traceFile);
  await shown;
  attachServer = await serverPid(attachHome);
  p.kill('SIGHUP');
  await new Promise((r) => p.onExit(r));
  p.dispose();
}

async function once(keepMs = 0) {
  const home = attachHome ?? tempHome();
  fs.writeFileSync(traceFile, '');
  const { p, t0, shown } = run(
    ATTACH ? ['attach', '--home', home] : ['--home', home, '--agent', 'sleep 30'],
    traceFile,
  );
  const seen = await shown;
  await sleep(keepMs);
  const server = ATTACH ? null : await serverPid(home).catch(() => null);
  const rows = [];
  const last = new Map(); // per thread: cpu and wait at its previous line
  for (const line of fs.readFileSync(traceFile, 'utf8').split('\n').filter(Boolean)) {
    const [rel, abs, pid, cpu, wait, ...words] = line.split(' ');
    const what = words.join(' ');
    const who = Number(pid) === p.pid ? 'client' : 'server';
    const thread = `${pid}${what.startsWith('lua worker') ? 'w' : ''}`;
    const before = last.get(thread) ?? { cpu: 0, wait: 0 };
    last.set(thread, { cpu: Number(cpu), wait: Number(wait) });
    rows.push({
      what: `${who} ${what}`,
      at: Number(abs) - t0,
      start: Number(abs) - Number(rel) - t0,
      cpu: Number(cpu) - before.cpu,
      wait: Number(wait) - before.wait,
    });
  }
  const marks = new Map();
  const costs = new Map();
  // (A running server's late lines from before this run are left out.)
  for (const r of rows) {
    if (marks.has(r.what) || r.at < 0) continue;
    marks.set(r.what, r.at);
    costs.set(r.what, { cpu: r.cpu, wait: r.wait });
  }
  // When each process began (its clock's origin), from the first line it wrote.
  for (const who of ATTACH ? ['client'] : ['client', 'server']) {
    const first = rows.find((r) => r.what.startsWith(who));
    if (first) marks.set(`${who} process started`, first.start);
  }
  marks.set('terminal shows the first frame', seen - t0);
  marks.serverCpu = cpuAtFrame;
  marks.costs = costs;
  if (server) await stopServer(server);
  p.kill(ATTACH ? 'SIGHUP' : 'SIGTERM');
  await new Promise((r) => p.onExit(r));
  p.dispose();
  return marks;
}

// A server writes its code cache a while after its first start of a build (src/cli/code-cache.ts):
// this first start, left running long enough, is what a user's first start after an install does.
const builds = BASE ? [here, BASE] : [here];
const firsts = [];
const runs = builds.map(() => []);
for (const [b, root] of builds.entries()) {
  bin = launcher(root);
  firsts.push(ATTACH ? null : await once(3500));
}
for (let i = 0; i < RUNS; i++)
  for (const [b, root] of i % 2 ? [...builds.entries()].reverse() : [...builds.entries()]) {
    bin = launcher(root);
    runs[b].push(await once());
    await sleep(100);
  }
const all = runs[0];
const first = firsts[0];
const names = [...new Set(all.flatMap((m) => [...m.keys()]))];
// The run whose first frame came soonest, too: on a loaded machine it is the closest to a quiet one.
const best = all.reduce((a, b) =>
  (b.get('terminal shows the first frame') ?? Infinity) <
  (a.get('terminal shows the first frame') ?? Infinity)
    ? b
    : a,
);
const med = names
  .map((n) => [n, median(all.map((m) => m.get(n)).filter((x) => x !== undefined))])
  .sort((a, b) => a[1] - b[1]);
if (attachServer) await stopServer(attachServer);
fs.rmSync(traceFile, { force: true });
console.log(
  `${ATTACH ? 'attach' : 'cold start'} (${NODE ? 'node bin/botster-tui.js' : 'bin/botster-tui'}), median of ${RUNS} runs; load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
);
console.log(
  '     at (ms since the client was spawned)  | its thread since its previous line: cpu  waited for a CPU | the fastest run: at',
);
const cost = (set, n, k) => median(set.map((m) => m.costs.get(n)?.[k]).filter((x) => x !== undefined));
const at = (set, n) => median(set.map((m) => m.get(n)).filter((x) => x !== undefined));
const f = (x, w = 7) => (Number.isFinite(x) ? x.toFixed(1) : '').padStart(w);
if (BASE) console.log(`each line: this build | the baseline (${BASE}), runs alternating`);
const names2 = BASE ? [...new Set([...med.map(([n]) => n), ...runs[1].flatMap((m) => [...m.keys()])])] : [];
const key = (r) => (Number.isFinite(r[1]) ? r[1] : r[2]);
const rowsOut = BASE
  ? names2.map((n) => [n, at(all, n), at(runs[1], n)]).sort((a, b) => key(a) - key(b))
  : med.map(([n, t]) => [n, t]);
for (const [n, t, tb] of rowsOut) {
  const mine = `${f(t)}  | ${f(cost(all, n, 'cpu'))} ${f(cost(all, n, 'wait'))}`;
  const theirs = BASE ? `  || ${f(tb)}  | ${f(cost(runs[1], n, 'cpu'))} ${f(cost(runs[1], n, 'wait'))}` : '';
  console.log(`${mine}${theirs}  | ${f(best.get(n))}   ${n}`);
}
const cpuOf = (set) => median(set.map((m) => m.serverCpu).filter(Number.isFinite));
console.log(
  `server CPU by the first frame (all its threads), median: ${f(cpuOf(all), 0)} ms${BASE ? `; the baseline ${f(cpuOf(runs[1]), 0)} ms` : ''}`,
);
for (const [b, fst] of firsts.entries())
  if (fst)
    console.log(
      `(${b ? 'baseline: ' : ''}the first start, which made the code cache if there was none: first frame at ${f(fst.get('terminal shows the first frame'), 0)} ms)`,
    );
process.exit(0);
