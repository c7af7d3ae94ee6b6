// Side by side in tmux: 50 MB of coloured output through bare tmux and through the hub (or any
// other tool), same file, same machine, same run, interleaved. Each tool runs in its own window
// of a private tmux server (120x40) with an agent `sh -c 'read x; cat FILE; sleep 600'`: the agent waits,
// we press Enter (tmux send-keys, so start-up is not counted), and poll `tmux capture-pane` until
// the file's last line ("FLOOD-END") is on the pane. Both are read the same way, so the ratio
// (tool time / bare tmux time) is fair: tmux draws the pane itself, the hub draws a panel in it.
//
//   node bench/flood-tmux.mjs [--runs N] [--mb N] [--tool 'NAME=COMMAND LINE with {agent}']...
//
// {agent} is replaced by the agent command, quoted as one shell word. Without --tool it compares bare tmux with
// this checkout's CLI. See bench/README.md.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { descendants, median, report, serverOf, serverPid, sleep, stopServer, tempHome } from './util.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const RUNS = Number(opt('--runs', process.env.FLOOD_RUNS ?? 5));
const MB = Number(opt('--mb', process.env.FLOOD_MB ?? 50));
const TIMEOUT_MS = 300000;
const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

const tools = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] !== '--tool') continue;
  const spec = argv[++i];
  const eq = spec.indexOf('=');
  tools.push({ name: spec.slice(0, eq), cmd: spec.slice(eq + 1) });
}
if (tools.length === 0) {
  tools.push({
    name: 'botster-tui',
    cmd: `${q(process.execPath)} ${q(path.join(here, '../bin/botster-tui.js'))} --home {home} --agent {agent}`,
    hub: true,
  });
}
tools.unshift({ name: 'bare tmux', cmd: null });

// The flood: the same coloured lines as flood-source.mjs, in a file, then the marker line.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-flood-'));
const file = path.join(dir, 'flood.txt');
{
  const colors = [31, 32, 33, 34, 35, 36, 91, 92, 93, 94];
  let chunk = '';
  for (let i = 0; chunk.length < 1 << 20; i++) {
    chunk += `\x1b[${colors[i % colors.length]}mline ${String(i).padStart(6, '0')} \x1b[1;38;5;${i % 256}mthe quick brown fox\x1b[0m jumps over \x1b[38;2;${i % 256};100;200mthe lazy dog\x1b[0m\r\n`;
  }
  const fd = fs.openSync(file, 'w');
  for (let n = 0; n < MB; n++) fs.writeSync(fd, chunk);
  fs.writeSync(fd, '\x1b[0mFLOOD-END\r\n');
  fs.closeSync(fd);
}
const bytes = fs.statSync(file).size;
const agent = `sh -c ${q(`read x; cat ${q(file)}; sleep 600`)}`;

const sock = `botster-bench-${process.pid}`;
const tmuxEnv = { ...process.env, TERM: 'xterm-256color' };
delete tmuxEnv.CI; // Ink would draw only a final frame
delete tmuxEnv.TMUX;
const tmux = (...args) =>
  execFileSync('tmux', ['-L', sock, '-f', '/dev/null', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    env: tmuxEnv,
  });
const cleanup = () => {
  try {
    tmux('kill-server');
  } catch {
    /* not running */
  }
  fs.rmSync(dir, { recursive: true, force: true });
};
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(1));

/** CPU ms (utime+stime) of the pane's process tree, the flood's `cat` left out. */
function cpuMs(pid) {
  let total = 0;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      const s = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      if (s.includes('(cat)')) continue;
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      total += (Number(f[11]) + Number(f[12])) * 10;
    } catch {
      // gone
    }
  }
  return total;
}

/** One flood through `tool`: ms from Enter to FLOOD-END on the pane, and the tool's CPU. */
async function once(tool, run) {
  const name = `w${run}`;
  // A fresh home each run: a botster-tui started on a home whose server runs would attach to it.
  const home = tool.cmd?.includes('{home}') ? tempHome() : null;
  const cmd =
    tool.cmd === null ? agent : tool.cmd.replace('{agent}', q(agent)).replace('{home}', q(home ?? ''));
  tmux('new-session', '-d', '-s', name, '-x', '120', '-y', '40', cmd);
  const pane = `${name}:0.0`;
  const pid = Number(tmux('display-message', '-p', '-t', pane, '#{pane_pid}').trim());
  // Ready: bare tmux shows an empty pane at once; a tool has drawn its first frame.
  const t0 = performance.now();
  let last = '';
  while (performance.now() - t0 < 20000) {
    last = tmux('capture-pane', '-p', '-t', pane);
    if (tool.name === 'bare tmux' || (tool.hub ? /Botster Hub/.test(last) : last.trim() !== '')) break;
    await sleep(50);
  }
  await sleep(tool.name === 'bare tmux' ? 100 : 1500); // the agent is waiting in `read`
  const cpu0 = cpuMs(pid);
  const start = performance.now();
  tmux('send-keys', '-t', pane, 'Enter');
  let ms = NaN;
  while (performance.now() - start < TIMEOUT_MS) {
    if (tmux('capture-pane', '-p', '-t', pane).includes('FLOOD-END')) {
      ms = performance.now() - start;
      break;
    }
    await sleep(10);
  }
  const cpu = cpuMs(pid) - cpu0;
  // Our hub keeps its agents in a server that outlives the pane (with keepers, they outlive that
  // server too): stop it as kill-server does, which stops them. A server the native launcher
  // started is nobody's child: the home's socket names it (any --tool given a {home}).
  const server =
    (home ? await serverPid(home, 1000).catch(() => null) : null) ??
    (tool.hub ? await serverOf(pid, 1000).catch(() => null) : null);
  if (server) await stopServer(server);
  try {
    tmux('kill-session', '-t', name);
  } catch {
    /* the client ended with its server */
  }
  return { ms, cpu };
}

const results = new Map(tools.map((t) => [t.name, { ms: [], cpu: [] }]));
let run = 0;
for (let r = 0; r < RUNS; r++) {
  for (const tool of tools) {
    const res = await once(tool, run++);
    results.get(tool.name).ms.push(res.ms);
    results.get(tool.name).cpu.push(res.cpu);
    process.stderr.write(`flood-tmux: ${tool.name} run ${r + 1}: ${res.ms.toFixed(0)} ms\n`);
  }
}
const base = median(results.get('bare tmux').ms);
const rows = [];
const mbs = bytes / 1e6;
for (const tool of tools) {
  const { ms, cpu } = results.get(tool.name);
  const m = median(ms);
  const runs = ms.map((x) => x.toFixed(0)).join(', ');
  if (tool.name === 'bare tmux') {
    rows.push({
      name: `flood ${MB} MB coloured in tmux: bare tmux`,
      value: m,
      unit: 'ms',
      budget: '—',
      ok: ms.every(Number.isFinite),
      note: `median of ${RUNS} (${runs}); ${(mbs / (m / 1000)).toFixed(1)} MB/s; final line seen with capture-pane`,
    });
    continue;
  }
  const ratio = m / base;
  const cpuPerMb = median(cpu) / mbs;
  const isHub = Boolean(tool.hub);
  rows.push(
    {
      name: `flood ${MB} MB coloured in tmux: ${tool.name}`,
      value: m,
      unit: 'ms',
      budget: '—',
      ok: ms.every(Number.isFinite),
      note: `median of ${RUNS} (${runs}); ${tool.name} CPU ${cpuPerMb.toFixed(1)} ms per MB (the tool's processes, not the agent's cat)`,
    },
    {
      name: `flood ratio ${tool.name} / bare tmux`,
      value: ratio,
      unit: 'x',
      budget: isHub ? '<= 1.0' : '—',
      ok: isHub ? ratio <= 1.0 : true,
      note: `same run, ${RUNS} interleaved runs each; < 1 = the final line shows sooner than in bare tmux`,
    },
  );
}
report(rows);
process.exit(0);
