// Memory and idle CPU on the user's path (issue 27): `bin/botster-tui` in a 160x48 tmux pane with a
// real tmux client attached (bench/tmux-pane.mjs), its agent the user's shell. Read from /proc:
//   - idle: once start-up settled (and the hub gave back what start-up grew), the CPU of the server
//     (every thread: the Lua worker, V8's) and of the client over 20 s, then their RSS;
//   - after two 50 MB floods typed into that shell (`cat FILE`, until its end is on the pane), once
//     the hub gave the flood's memory back (~12 s), their RSS again.
// RSS counts the node binary's pages in each process (~33 MB, the same pages in both): the hub's
// own memory is the server's RSS plus the client's anonymous memory (a row of its own; the RSS sum
// is in its note), and a bare idle `node` of the same run shows a node process's floor.
// Budgets: a client <= 35 MB RSS; server + client under ccmanager (idle 95 MB, the lower of its two
// builds; 124 MB after a flood); CPU over 20 s idle ~0 (<= 20 ms: one or two 10 ms ticks).
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { report, serverPid, sleep, stopServer } from './util.mjs';
import {
  Tmux,
  Viewer,
  clientPid,
  cpuMs,
  cpuRunMs,
  fullFrame,
  loadAvg,
  memory,
  paneEnv,
  settle,
  tempDir,
  f1,
} from './tmux-pane.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
// PANE_BIN: another checkout's launcher (a before/after comparison).
const bin = process.env.PANE_BIN ?? path.join(here, '../bin/botster-tui');
const MB = Number(process.env.FLOOD_MB ?? 50);
const IDLE_MS = Number(process.env.IDLE_MS ?? 20000);
const TRIM_WAIT_MS = Number(process.env.TRIM_WAIT_MS ?? 12000);
const TRIM_MS = 14000;
const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

const dir = tempDir('flood');
const file = path.join(dir, 'flood.txt');
{
  const colors = [31, 32, 33, 34, 35, 36, 91, 92, 93, 94];
  let chunk = '';
  for (let i = 0; chunk.length < 1 << 20; i++) {
    chunk += `\x1b[${colors[i % colors.length]}mline ${String(i).padStart(6, '0')} \x1b[1;38;5;${i % 256}mthe quick brown fox\x1b[0m jumps over \x1b[38;2;${i % 256};100;200mthe lazy dog\x1b[0m\r\n`;
  }
  const fd = fs.openSync(file, 'w');
  for (let n = 0; n < MB; n++) fs.writeSync(fd, chunk);
  fs.writeSync(fd, '\x1b[0m\r\n');
  fs.closeSync(fd);
}

const env = paneEnv(tempDir('home'));
const hubHome = tempDir('hub');
const tmux = new Tmux('mem', env);
tmux.session('m', `${q(bin)} --home ${q(hubHome)}`);
const v = new Viewer(tmux, 'm');
// A bare node, idle, in the same run: what any node process holds.
const bare = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], {
  stdio: 'ignore',
  env: { ...env, NODE_EXTRA_CA_CERTS: '' },
});
let server = null;
const rows = [];
try {
  if (Number.isNaN(await v.until(() => fullFrame(v) && v.rows().some((r) => /[$#] *│/.test(r)), 20000)))
    throw new Error('no hub frame with the shell prompt');
  server = await serverPid(hubHome);
  const client = clientPid(tmux, 'm');
  if (!client) throw new Error('no client process in the pane');
  const both = [server, client];
  await settle(both, 2000, 20000);
  // Start-up's memory trim (src/agents/memory-trim.ts): a scavenge once the burst is over, a full
  // collection 5.5 s of quiet later and, if the young generation is still large, one more 5.5 s
  // after that: up to ~13 s, 30-80 ms of CPU each under load. A one-off after start, not idle work:
  // the window starts after it, once the CPU is flat again.
  await sleep(TRIM_MS);
  await settle(both, 2000, 20000);
  const t0 = both.map(cpuMs);
  const r0 = both.map(cpuRunMs);
  await sleep(IDLE_MS);
  const idleCpu = both.map((p, i) => cpuMs(p) - t0[i]);
  const idleRun = both.map((p, i) => cpuRunMs(p) - r0[i]);
  const idle = both.map(memory);
  const bareMem = memory(bare.pid);

  // Two floods in the focused shell, each until its marker (not in the typed line) is on the pane.
  for (const n of [1, 2]) {
    await v.typeLine(`cat ${q(file)}; echo E$((${n}+40))ND`);
    const t = await v.enter(() => v.has(`E${n + 40}ND`), 300000);
    if (Number.isNaN(t)) throw new Error(`flood ${n} never ended on the pane`);
    process.stderr.write(`pane-memory: flood ${n}: ${(t / 1000).toFixed(1)} s\n`);
  }
  await settle(both, 1500, 60000);
  await sleep(TRIM_WAIT_MS);
  const after = both.map(memory);

  const sum = (ms, k) => ms[0][k] + ms[1][k];
  const idleTotal = sum(idle, 'rss');
  const afterTotal = sum(after, 'rss');
  const cpu = idleCpu[0] + idleCpu[1];
  const load = loadAvg();
  const own = (ms) => ms[0].rss + ms[1].anon; // the client's file pages are the server's too
  rows.push(
    {
      name: 'pane: client RSS, idle',
      value: idle[1].rss,
      unit: 'MB',
      budget: '<= 35 MB',
      ok: idle[1].rss <= 35,
      note: `anon ${f1(idle[1].anon)} MB; a bare idle node in the same run: RSS ${f1(bareMem.rss)}, anon ${f1(bareMem.anon)} MB; after the floods ${f1(after[1].rss)} MB`,
    },
    {
      name: 'pane: server + client RSS, idle, 1 shell',
      value: idleTotal,
      unit: 'MB',
      budget: '< 95 MB (ccmanager)',
      ok: idleTotal < 95,
      note: `server ${f1(idle[0].rss)} + client ${f1(idle[1].rss)}; ${load}`,
    },
    {
      name: 'pane: hub memory idle: server RSS + client anon',
      value: own(idle),
      unit: 'MB',
      budget: '< 95 MB (ccmanager)',
      ok: own(idle) < 95,
      note: `server ${f1(idle[0].rss)} + client ${f1(idle[1].anon)} (the node binary's pages counted once)`,
    },
    {
      name: `pane: server + client RSS after two ${MB} MB floods`,
      value: afterTotal,
      unit: 'MB',
      budget: '< 124 MB (ccmanager)',
      ok: afterTotal < 124,
      note: `server ${f1(after[0].rss)} + client ${f1(after[1].rss)}; read ${TRIM_WAIT_MS / 1000} s after the output settled`,
    },
    {
      name: `pane: hub memory after two ${MB} MB floods: server RSS + client anon`,
      value: own(after),
      unit: 'MB',
      budget: '< 124 MB (ccmanager)',
      ok: own(after) < 124,
      note: `server ${f1(after[0].rss)} + client ${f1(after[1].anon)}`,
    },
    {
      name: `pane: CPU over ${IDLE_MS / 1000} s idle, 1 shell, server + client`,
      value: cpu,
      unit: 'ms',
      budget: '~0 (<= 20 ms)',
      ok: cpu <= 20,
      note: `server ${idleCpu[0]} + client ${idleCpu[1]} ms in 10 ms ticks; run time (schedstat, every thread) server ${f1(idleRun[0])} + client ${f1(idleRun[1])} ms`,
    },
  );
} catch (err) {
  rows.push({
    name: 'pane: memory and idle CPU',
    value: NaN,
    unit: 'MB',
    budget: '',
    ok: false,
    note: `failed: ${err.message.split('\n')[0]}`,
  });
  process.stderr.write(`${err.stack}\n${v.rows().join('\n')}\n`);
} finally {
  bare.kill();
  if (server) await stopServer(server);
  v.dispose();
  tmux.kill();
  fs.rmSync(dir, { recursive: true, force: true });
}
report(rows);
process.exit(0);
