// The link to another machine's hub (settings.machines): what crosses it and how fast a key comes
// back. A second home stands in for the remote machine, reached through the test's stand-in for
// ssh (test/remote/fixtures/fake-ssh: the command runs here, through `sh -c` and botster-tui proxy,
// as ssh would run it there; no network, no encryption: the hub's own cost). The local hub runs in
// this process with settings.machines naming it.
// Rows: bytes/s over the link for an idle remote agent and a flooding one, each shown in a panel
// and hidden; bytes per typed key (both ways); key -> echo on the local screen through the link,
// next to a local agent's echo in the same hub (same run).
//   node bench/remote.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hub } from '../dist/app/hub.js';
import { percentile, median, report, sleep, tempHome } from './util.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLES = Number(process.env.REMOTE_SAMPLES ?? 60);
const WINDOW_MS = 3000;

const remote = tempHome();
const user = tempHome();
Object.assign(process.env, {
  BOTSTER_SSH: path.join(ROOT, 'test/remote/fixtures/fake-ssh'),
  FAKE_REMOTE_HOME: user,
  FAKE_REMOTE_PATH: `${path.join(ROOT, 'bin')}:${process.env.PATH}`,
  SHELL: '/bin/sh',
  CI: 'true',
});
delete process.env.BOTSTER_SOCKET;
delete process.env.BOTSTER_AGENT_ID;
const home = tempHome();
fs.mkdirSync(path.join(home, 'user'));
fs.writeFileSync(
  path.join(home, 'user', 'settings.lua'),
  `settings.machines = { { name = "gpu", ssh = "gpu", home = ${JSON.stringify(remote)} } }\n`,
);
fs.writeFileSync(
  path.join(remote, 'flood.sh'),
  `while :; do ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(ROOT, 'bench/flood-source.mjs'))} 4; done\n`,
);

let check = null;
const hub = await Hub.start({
  home,
  agents: [{ command: 'cat', name: 'local' }],
  cols: 120,
  rows: 40,
  write: () => check?.(),
});
const until = async (what, f, ms = 30000) => {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error(`never: ${what}`);
    await sleep(20);
  }
};
const machine = () => hub.machines.list()[0];
const ask = async (req) => {
  const { controlHandler } = await import('../dist/server/control.js');
  return controlHandler(hub.control)(req, { signal: new AbortController().signal });
};
const rows = [];
try {
  await until('the link is up', () => machine()?.state === 'connected');
  await ask({ op: 'new', machine: 'gpu', command: 'cat', name: 'rcat', focus: false });
  await ask({
    op: 'new',
    machine: 'gpu',
    command: `sh ${path.join(remote, 'flood.sh')}`,
    name: 'rflood',
    focus: false,
  });
  const byName = (n) => hub.agents.list().find((a) => a.info.name === n);
  await until('listed', () => byName('rcat') && byName('rflood'));
  const rate = async () => {
    await sleep(500);
    const a = machine();
    const t0 = performance.now();
    await sleep(WINDOW_MS);
    const b = machine();
    const s = (performance.now() - t0) / 1000;
    return { in: (b.bytes_in - a.bytes_in) / s, out: (b.bytes_out - a.bytes_out) / s };
  };
  const show = async (name) => {
    hub.dispatch({ type: 'focus', id: byName(name).info.id });
    await hub.whenIdle();
  };
  await show('local');
  const floodHidden = await rate();
  await show('rcat');
  const idleShown = await rate();
  await show('local');
  const idleHidden = await rate();
  await show('rflood');
  const floodShown = await rate();

  // Keys: into the remote cat (shown), then into the local cat, interleaved.
  await ask({ op: 'kill', agent: `id:${byName('rflood').info.id}` });
  await sleep(500);
  const lat = { remote: [], local: [] };
  let keyOut = 0;
  let keyIn = 0;
  for (let i = 0; i < SAMPLES; i++) {
    for (const which of ['remote', 'local']) {
      await show(which === 'remote' ? 'rcat' : 'local');
      await sleep(40);
      const want = `k${i}${which[0]}x`;
      const m0 = machine();
      const t0 = performance.now();
      const seen = new Promise((resolve) => {
        const timer = setTimeout(() => resolve(NaN), 5000);
        check = () => {
          if (!hub.screen().toText().includes(want)) return;
          clearTimeout(timer);
          check = null;
          resolve(performance.now());
        };
      });
      hub.input('\x1b[200~' + want + '\x1b[201~');
      const t = await seen;
      if (Number.isFinite(t)) lat[which].push(t - t0);
      if (which === 'remote') {
        await sleep(60);
        const m1 = machine();
        keyOut += m1.bytes_out - m0.bytes_out;
        keyIn += m1.bytes_in - m0.bytes_in;
      }
      hub.input('\r');
    }
  }
  const kb = (x) => x / 1024;
  const p = (xs, q) => percentile(xs, q);
  rows.push(
    {
      name: 'remote: idle agent shown, link bytes/s in',
      value: idleShown.in,
      unit: 'B/s',
      budget: '<= 100 B/s',
      ok: idleShown.in <= 100,
      note: `out ${idleShown.out.toFixed(0)} B/s`,
    },
    {
      name: 'remote: idle agent hidden, link bytes/s in',
      value: idleHidden.in,
      unit: 'B/s',
      budget: '<= 100 B/s',
      ok: idleHidden.in <= 100,
      note: `out ${idleHidden.out.toFixed(0)} B/s`,
    },
    {
      name: 'remote: flooding agent hidden, link bytes/s in',
      value: floodHidden.in,
      unit: 'B/s',
      budget: '<= 1 KB/s (its row when its state changes)',
      ok: floodHidden.in <= 1024,
      note: 'its output stays there',
    },
    {
      name: 'remote: flooding agent shown, link KB/s in',
      value: kb(floodShown.in),
      unit: 'KB/s',
      budget: '<= 62 frames of 120x40 a second',
      ok: floodShown.in <= 62 * 120 * 40 * 20,
      note: `a screen's rows per update, at most one per 16 ms`,
    },
    {
      name: 'remote: a typed key, link bytes out / in',
      value: keyOut / SAMPLES,
      unit: 'B',
      budget: 'info',
      ok: true,
      note: `in (its echo's rows) ${(keyIn / SAMPLES).toFixed(0)} B`,
    },
    {
      name: 'remote: key -> echo over the link, p50 / p95',
      value: median(lat.remote),
      unit: 'ms',
      budget: 'p95 <= 50 ms',
      ok: p(lat.remote, 95) <= 50,
      note: `p95 ${p(lat.remote, 95).toFixed(1)} ms; a local agent in the same hub p50 ${median(lat.local).toFixed(1)} / p95 ${p(lat.local, 95).toFixed(1)} ms; ${lat.remote.length}/${SAMPLES} samples`,
    },
  );
} finally {
  await hub.dispose();
  const { execFileSync } = await import('node:child_process');
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'bin/botster-tui.js'), 'kill-server', '--home', remote], {
      stdio: 'ignore',
      env: { ...process.env, HOME: user },
    });
  } catch {
    // already gone
  }
}
report(rows);
