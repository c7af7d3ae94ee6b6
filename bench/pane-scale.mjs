// 500 idle agents in one hub (issue 97), on the user's path: `bin/botster-tui` in a 160x48 tmux
// pane (bench/tmux-pane.mjs), `cat` focused and SCALE_AGENTS - 1 bash shells. Each shell appends a
// line to a file as it prints its first prompt (PROMPT_COMMAND), so "started" means every shell is
// at its prompt. Then, once settled:
//   - the RSS of the server and of every agent's keeper (botster-keeper, one per agent), summed;
//   - the CPU of the server and the keepers over IDLE_MS idle (three windows, the median);
//   - `botster-tui agents --json` from outside, timed as a process (median of 15);
//   - SCALE_PRINTERS of the shells made to print a line now and then (`botster-tui send`: a loop
//     that prints every 0.5-1.5 s), and key -> echo into the focused cat, interleaved with the same
//     key into a one-agent hub's cat of the same run (pane-keys.mjs): p95 beside the one-agent p95.
// Budgets (issue 97): started <= 30 s; server + keepers RSS <= 1 GB; idle CPU <= 1% of a core;
// echo p95 <= 2x the one-agent hub's; agents --json <= 100 ms. It takes minutes: `npm run bench`
// runs it with BENCH_SCALE=1 (or `node bench/run.mjs pane-scale`), else prints that it skipped.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, report, serverPid, sleep, stopServer } from './util.mjs';
import { cpuMs, f1, loadAvg, paneEnv, settle, stats, tempDir } from './tmux-pane.mjs';
import { typeAll, side } from './pane-keys.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = process.env.PANE_BIN ?? path.join(here, '../bin/botster-tui');
const N = Number(process.env.SCALE_AGENTS ?? 500);
const PRINTERS = Math.min(N - 1, Number(process.env.SCALE_PRINTERS ?? 50));
const IDLE_MS = Number(process.env.IDLE_MS ?? 10000);
// (300: a p95 of 100 keys is their 5th slowest, which moved 1.6x-3x between two runs of one build)
const KEYS = Number(process.env.SCALE_KEYS ?? 300);
const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

const marks = path.join(tempDir('marks'), 'up');
fs.writeFileSync(marks, '');
const env = {
  ...paneEnv(tempDir('home')),
  PROMPT_COMMAND: `[ -n "$BOTSTER_AGENT_ID" ] && echo "$BOTSTER_AGENT_ID" >> ${q(marks)}; unset PROMPT_COMMAND`,
};
const hubHome = tempDir('hub');
const lines = () => new Set(fs.readFileSync(marks, 'utf8').split('\n').filter(Boolean)).size;
const open = [];
const servers = [];
const rows = [];

/** Every keeper of `home` (their command lines name it), by pid. */
function keepers(home) {
  const out = [];
  for (const n of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(n)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${n}/cmdline`, 'utf8');
      if (cmd.includes('botster-keeper') && cmd.includes(home)) out.push(Number(n));
    } catch {
      /* gone */
    }
  }
  return out;
}
/** RSS (MB) of a process; RssAnon too. */
function rssOf(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0) / 1024;
    return { rss: kb('VmRSS'), anon: kb('RssAnon') };
  } catch {
    return { rss: 0, anon: 0 };
  }
}
const run = (args) =>
  new Promise((resolve) => {
    const t0 = performance.now();
    execFile(bin, args, { env, maxBuffer: 1 << 26 }, (err, stdout) =>
      resolve({ ms: performance.now() - t0, err, stdout }),
    );
  });

try {
  // The command line goes through a script: tmux takes a command of at most ~16 KB.
  const script = path.join(tempDir('script'), 'botster-tui-scale.sh');
  const args = ['--home', hubHome, '--agent', 'cat'];
  for (let i = 1; i < N; i++) args.push('--agent', 'bash --norc --noprofile');
  fs.writeFileSync(script, `exec ${q(bin)} ${args.map(q).join(' ')}\n`);
  const t0 = performance.now();
  const hub = await side('scale', `sh ${q(script)}`, [], env);
  open.push(hub);
  const frameMs = performance.now() - t0;
  while (lines() < N - 1 && performance.now() - t0 < 120000) await sleep(50);
  const startMs = performance.now() - t0;
  const started = lines();
  hub.server = await serverPid(hubHome);
  servers.push(hub.server);

  const oneHome = tempDir('hub');
  const one = await side('scale-one', `${q(bin)} --home ${q(oneHome)} --agent cat`, [], env);
  open.push(one);
  one.server = await serverPid(oneHome);
  servers.push(one.server);

  // At rest: start-up's memory trim and V8's memory reducer done (pane-hundred.mjs waits the same).
  await settle([hub.server], 2000, 60000);
  await sleep(14000);
  await settle([hub.server], 10000, 60000);
  const ks = keepers(hubHome);
  const cpu = () => cpuMs(hub.server) + ks.reduce((a, p) => a + cpuMs(p), 0);
  // Three windows, the median: V8's memory reducer runs a last full collection of the start's
  // garbage some 30 s after the start (0.6 s of CPU with 500 agents), once, whenever it comes.
  const windows = [];
  for (let w = 0; w < 3; w++) {
    const c0 = cpu();
    const serverC0 = cpuMs(hub.server);
    await sleep(IDLE_MS);
    windows.push({ all: cpu() - c0, server: cpuMs(hub.server) - serverC0 });
  }
  const { all: idleCpu, server: idleServer } = windows.sort((a, b) => a.all - b.all)[1];
  const idleWindows = windows.map((w) => f1(w.all)).join(', ');
  const server = rssOf(hub.server);
  const kept = ks.map(rssOf);
  const keepersRss = kept.reduce((a, k) => a + k.rss, 0);
  const keepersAnon = kept.reduce((a, k) => a + k.anon, 0);

  const jsonMs = [];
  let listed = 0;
  for (let i = 0; i < 15; i++) {
    const r = await run(['agents', '--json', '--home', hubHome]);
    if (r.err) throw new Error(`agents --json: ${r.err.message}`);
    listed = JSON.parse(r.stdout).length;
    jsonMs.push(r.ms);
  }

  // 50 shells print now and then while the focused cat is typed into.
  for (let i = 2; i < 2 + PRINTERS; i++) {
    const r = await run([
      'send',
      String(i),
      'while :; do sleep 0.$((RANDOM % 10 + 5)); echo tick $RANDOM; done',
      '--keys',
      'enter',
      '--home',
      hubHome,
    ]);
    if (r.err) throw new Error(`send ${i}: ${r.err.message}`);
  }
  await sleep(2000);
  const typed = await typeAll({ hub, one }, { samples: KEYS });
  const H = stats(typed.hub);
  const O = stats(typed.one);

  const load = loadAvg();
  const total = server.rss + keepersRss;
  rows.push(
    {
      name: `pane: ${N} agents: start all (Enter -> every shell at its prompt)`,
      value: startMs,
      unit: 'ms',
      budget: '<= 30000 ms',
      ok: started >= N - 1 && startMs <= 30000,
      note: `${started} of ${N - 1} shells up; the hub's first frame at ${f1(frameMs)} ms; ${load}`,
    },
    {
      name: `pane: ${N} agents: server + keepers RSS, idle`,
      value: total,
      unit: 'MB',
      budget: '<= 1024 MB',
      ok: total <= 1024 && ks.length >= N,
      note: `server ${f1(server.rss)} MB (anon ${f1(server.anon)}); ${ks.length} keepers ${f1(keepersRss)} MB (anon ${f1(keepersAnon)}, ${f1(keepersRss / Math.max(1, ks.length))} MB each)`,
    },
    {
      name: `pane: ${N} agents: server + keepers CPU over ${IDLE_MS / 1000} s idle (median of 3)`,
      value: (idleCpu / IDLE_MS) * 100,
      unit: '% of a core',
      budget: '<= 1%',
      ok: idleCpu <= IDLE_MS / 100,
      note: `${f1(idleCpu)} ms in 10 ms ticks (the server ${f1(idleServer)} ms); the windows ${idleWindows} ms`,
    },
    {
      name: `pane: ${N} agents: \`agents --json\` (median of 15)`,
      value: median(jsonMs),
      unit: 'ms',
      budget: '<= 100 ms',
      ok: listed === N && median(jsonMs) <= 100,
      note: `max ${f1(Math.max(...jsonMs))} ms; ${listed} agents listed`,
    },
    {
      name: `pane: ${N} agents, ${PRINTERS} printing: key -> echo in the focused cat, p95`,
      value: H.p95,
      unit: 'ms',
      budget: '<= 2x a one-agent hub',
      ok: H.n >= KEYS && H.p95 <= 2 * O.p95,
      note: `${(H.p95 / O.p95).toFixed(2)}x the one-agent hub's p95 ${f1(O.p95)} ms, keys interleaved; p50 ${f1(H.p50)} (one agent ${f1(O.p50)}) ms`,
    },
  );
} catch (err) {
  rows.push({
    name: `pane: ${N} agents`,
    value: NaN,
    unit: '',
    budget: '',
    ok: false,
    note: `failed: ${err.message.split('\n')[0]}`,
  });
  process.stderr.write(`${err.stack}\n`);
  for (const s of open) process.stderr.write(`${s.tag}:\n${s.v.rows().join('\n')}\n`);
} finally {
  for (const s of servers) await stopServer(s, 20000);
  for (const s of open) {
    s.v.dispose();
    s.tmux.kill();
  }
}
report(rows);
process.exit(0);
