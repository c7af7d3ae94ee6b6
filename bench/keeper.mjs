// Issue 52's budgets: agents outlive the server (docs/keeper.md).
// - screens back after kill -9: a tmux pane runs bin/botster-tui with a shell agent that printed a
//   marker; the server is killed (SIGKILL); timed from the kill until the pane shows the marker
//   again and the client's "reattached" line (the client started a new server that adopted it).
// - 100 agents adopted: a server with 100 agents is killed; a new `botster-tui server` is timed
//   from its start until `ls` lists the 100 (and the server's own log line: the adoption alone).
// - a keeper's RSS: idle, and after 20 MB of output into its ring (2 MiB by default).
// - key echo, the 50 MB flood and the cold start with keepers against the same build without them
//   (BOTSTER_KEEPER=off), same run, each as a ratio to bare tmux: bench/pane-echo.mjs,
//   bench/flood-tmux.mjs and bench/pane-start.mjs with that build as their second side.
//
//   node bench/keeper.mjs [--quick]   (--quick: fewer samples for the pane benches)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, report, sleep, tempHome } from './util.mjs';
import { Tmux, Viewer, memory, paneEnv } from './tmux-pane.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const launcher = path.join(root, 'bin/botster-tui');
const js = path.join(root, 'bin/botster-tui.js');
const keeper = path.join(root, 'dist/native/botster-keeper');
const quick = process.argv.includes('--quick');
const rows = [];
const log = (s) => process.stderr.write(`keeper: ${s}\n`);

function cli(home, ...args) {
  const env = { ...process.env, CI: 'true' };
  delete env.BOTSTER_SOCKET;
  return spawnSync(process.execPath, [js, ...args, '--home', home], {
    encoding: 'utf8',
    env,
    timeout: 60000,
  });
}
const ls = (home) => {
  const r = cli(home, 'ls', '--json');
  return r.status === 0 ? JSON.parse(r.stdout) : null;
};
function killKeepers(home) {
  for (const n of fs.readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const cmd = fs.readFileSync(`/proc/${n}/cmdline`, 'utf8');
      if (cmd.includes('botster-keeper') && cmd.includes(home)) process.kill(Number(n), 'SIGKILL');
    } catch {
      // gone
    }
  }
}

async function screensBack() {
  const times = [];
  for (let run = 0; run < (quick ? 3 : 5); run++) {
    const home = tempHome();
    const env = paneEnv(home);
    const tmux = new Tmux(`keeper-${run}`, env);
    tmux.session('main', `${launcher}`);
    const viewer = new Viewer(tmux, 'main');
    const cap = () => tmux.run('capture-pane', '-p', '-t', 'main');
    try {
      let end = Date.now() + 20000;
      while (!/\$ $/m.test(cap()) && Date.now() < end) await sleep(50);
      tmux.run('send-keys', '-t', 'main', `echo MARK-$((6*7))-${run}`, 'Enter');
      end = Date.now() + 10000;
      while (!cap().includes(`MARK-42-${run}`) && Date.now() < end) await sleep(50);
      await sleep(300);
      const server = ls(path.join(home, '.botster')).pid;
      const t0 = performance.now();
      process.kill(server, 'SIGKILL');
      end = Date.now() + 10000;
      let screen = '';
      while (Date.now() < end) {
        screen = cap();
        if (/reattached/.test(screen) && screen.includes(`MARK-42-${run}`)) break;
        await sleep(10);
      }
      const ms = performance.now() - t0;
      if (!/reattached/.test(screen)) throw new Error(`no reattach within 10 s:\n${screen}`);
      times.push(ms);
      log(`screen back after kill -9: ${ms.toFixed(0)} ms`);
    } finally {
      cli(path.join(home, '.botster'), 'kill-server');
      viewer.dispose();
      tmux.kill();
      killKeepers(home);
    }
  }
  rows.push({
    name: 'keeper: screen back after kill -9 (client reattached, median)',
    value: median(times),
    unit: 'ms',
    budget: '<= 2000',
    ok: median(times) <= 2000,
    note: `runs ${times.map((t) => t.toFixed(0)).join(', ')}`,
  });
}

async function hundredAdopted() {
  const home = path.join(tempHome(), '.botster');
  const args = ['server', '--home', home, '--size', '160x48'];
  for (let i = 0; i < 100; i++) args.push('--agent', 'sleep 600');
  const env = { ...process.env, CI: 'true' };
  delete env.BOTSTER_SOCKET;
  const first = spawn(process.execPath, [js, ...args], { env, stdio: 'ignore', detached: true });
  try {
    let end = Date.now() + 60000;
    let info = null;
    while (Date.now() < end) {
      info = ls(home);
      if (info && info.agents.filter((a) => a.pid).length === 100) break;
      await sleep(200);
    }
    if (!info) throw new Error('the first server never listed 100 agents');
    process.kill(first.pid, 'SIGKILL');
    await sleep(200);
    const t0 = performance.now();
    const second = spawn(process.execPath, [js, 'server', '--home', home, '--size', '160x48'], {
      env,
      stdio: 'ignore',
      detached: true,
    });
    end = Date.now() + 30000;
    let ms = NaN;
    while (Date.now() < end) {
      const now = ls(home);
      if (now && now.agents.length >= 100) {
        ms = performance.now() - t0;
        break;
      }
      await sleep(20);
    }
    const said = /keepers: adopted 100 agents in (\d+) ms/.exec(
      fs.readFileSync(path.join(home, 'logs/hub.log'), 'utf8'),
    );
    const adoptMs = said ? Number(said[1]) : NaN;
    log(`100 agents: listed ${ms.toFixed(0)} ms after the new server's start; adopted in ${adoptMs} ms`);
    rows.push({
      name: 'keeper: 100 agents adopted (the new server finds, connects and welcomes all)',
      value: adoptMs,
      unit: 'ms',
      budget: '<= 1000',
      ok: adoptMs <= 1000,
      note: `a new server's start to ls listing all 100: ${ms.toFixed(0)} ms (node boot, hub, Lua included)`,
    });
    cli(home, 'kill-server');
    second.unref();
  } finally {
    first.unref();
    killKeepers(home);
  }
}

async function keeperRss() {
  const dir = tempHome();
  const sock = path.join(dir, 'k.sock');
  const out = execFileSync(
    keeper,
    [
      '--socket',
      sock,
      '--ring',
      String(2 << 20),
      '--cols',
      '120',
      '--rows',
      '40',
      '--cwd',
      dir,
      '--',
      'sh',
      '-c',
      'read x; head -c 20000000 /dev/urandom | base64; exec sleep 600',
    ],
    { encoding: 'utf8' },
  );
  const [, agent, pid] = /^ok (\d+) (\d+)/.exec(out).map(Number);
  await sleep(300);
  const idle = memory(pid).rss;
  // 20 MB through it to a reader that drops it: the ring fills and wraps.
  const net = await import('node:net');
  const c = net.connect(sock);
  const hello = Buffer.alloc(13);
  hello.writeUInt32BE(9, 0);
  hello[4] = 1;
  hello.writeUInt16BE(1, 5);
  hello.writeUInt32BE(process.pid, 9);
  let bytes = 0;
  c.on('data', (d) => (bytes += d.length));
  c.write(hello);
  const input = Buffer.alloc(7);
  input.writeUInt32BE(3, 0);
  input[4] = 2;
  input.write('\r\n', 5);
  c.write(input);
  const end = Date.now() + 60000;
  while (bytes < 26_000_000 && Date.now() < end) await sleep(100);
  await sleep(300);
  const full = memory(pid).rss;
  c.destroy();
  process.kill(pid, 'SIGKILL');
  process.kill(agent, 'SIGKILL');
  log(
    `keeper RSS idle ${idle.toFixed(2)} MB, with a full 2 MiB ring ${full.toFixed(2)} MB (${(bytes / 1e6).toFixed(0)} MB relayed)`,
  );
  rows.push({
    name: 'keeper: RSS, idle / after 20 MB through a 2 MiB ring',
    value: full,
    unit: 'MB',
    budget: '<= 5 + ring (7)',
    ok: full <= 7,
    note: `idle ${idle.toFixed(2)} MB`,
  });
}

/** Another bench's rows, run with this build without keepers as its second side. */
function sideBySide(bench, env, args = [], tag = '') {
  log(`${bench}${tag} (this takes a while)`);
  try {
    const out = execFileSync(process.execPath, [path.join(here, `${bench}.mjs`), ...args], {
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'production', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 1200000,
    });
    const line = out
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('['))
      .pop();
    for (const r of JSON.parse(line)) rows.push({ ...r, name: `${bench}${tag}: ${r.name}` });
  } catch (err) {
    rows.push({
      name: bench,
      value: NaN,
      unit: '',
      budget: '',
      ok: false,
      note: `failed: ${err.message.split('\n')[0]}`,
    });
  }
}

// This build without keepers, as a launcher of its own (the pane benches quote their command as one word).
const offBin = path.join(tempHome(), 'botster-tui-no-keepers');
const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
fs.writeFileSync(offBin, `#!/bin/sh\nBOTSTER_KEEPER=off exec ${q(launcher)} "$@"\n`, { mode: 0o755 });
// (flood-tmux stops each run's server through its home's socket, and with it the agents.)
const offNode = path.join(path.dirname(offBin), 'botster-tui-node-no-keepers');
fs.writeFileSync(offNode, `#!/bin/sh\nBOTSTER_KEEPER=off exec ${q(process.execPath)} ${q(js)} "$@"\n`, {
  mode: 0o755,
});
const off = offBin;
await keeperRss();
await hundredAdopted();
await screensBack();
sideBySide('pane-echo', { PANE_BASE: off, PANE_KEYS: quick ? '40' : '100' });
// (Its cold start takes no second side: this build with keepers, then without, each beside bare tmux.)
sideBySide('pane-start', { PANE_RUNS: quick ? '3' : '7' }, [], ' (keepers)');
sideBySide(
  'pane-start',
  { PANE_RUNS: quick ? '3' : '7', BOTSTER_KEEPER: 'off' },
  [],
  ' (BOTSTER_KEEPER=off)',
);
sideBySide('flood-tmux', { FLOOD_RUNS: quick ? '2' : '3' }, [
  '--tool',
  `keepers=${q(process.execPath)} ${q(js)} --home {home} --agent {agent}`,
  '--tool',
  `no-keepers=${q(offNode)} --home {home} --agent {agent}`,
]);
report(rows);
