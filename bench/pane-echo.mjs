// Key -> echo on the user's path (issue 27): two private tmux servers, each a 160x48 window with a
// real tmux client attached (bench/tmux-pane.mjs). Bare tmux: the window runs `cat`. botster-tui:
// the window runs `bin/botster-tui --agent cat` (the launcher a user runs; cat focused). One key
// at a time, alternating between the two (which one goes first alternates too), each timed from
// the write to the client's PTY to the bytes after which the screen shows the character where
// cat's echo lands. Then the same with agents flooding: two flooders as hidden windows of the bare
// tmux and two as agents of the hub (not focused), all four running through the whole phase.
// Budgets: idle p50 <= bare tmux + 1 ms, p95 <= 2x bare tmux; flooding the same, against bare
// tmux flooding in the same run ("stays at the floor"). PANE_BASE=/other/checkout/bin/botster-tui
// adds that build as a side of its own, interleaved with the others, in the enter phase too (before/after in one run: on a loaded
// machine separate runs differ more than the builds do; its path must name botster-tui, or the
// side is typed into as a bare cat, not the hub's panel); PANE_SOCKET=1 adds this build with
// BOTSTER_DIRECT_TTY=0 (keys and frames through the client and the socket, not the server's own
// hold on the terminal); PANE_PHASES=flood runs only the phase with agents flooding. A pass of its
// own types the same way into two floors beside bare tmux: a second tmux inside the pane (any
// multiplexer in the hub's place adds its two hops) and a node program that only relays bytes
// between the pane and cat's PTY (bench/pty-relay.mjs: what a node process in that place costs
// before it parses or draws anything).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { report, serverPid, sleep, stopServer } from './util.mjs';
import { loadAvg, paneEnv, stats, tempDir, f1 } from './tmux-pane.mjs';
import { SAMPLES, side, typeAll } from './pane-keys.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
// PANE_BIN: another checkout's launcher (a before/after comparison).
const bin = process.env.PANE_BIN ?? path.join(here, '../bin/botster-tui');
const base = process.env.PANE_BASE;
const viaSocket = process.env.PANE_SOCKET === '1';
const floodSource = path.join(here, 'flood-source.mjs');
const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
const flooder = `${q(process.execPath)} ${q(floodSource)} 100000`;
const relay = `${q(process.execPath)} ${q(path.join(here, 'pty-relay.mjs'))} cat`;
const nestedSock = `botster-pane-nested-${process.pid}`;
const nested = `env -u TMUX tmux -L ${nestedSock} -f /dev/null new-session cat \\; set status off`;

const PACE_MS = 150;
const ENTER_KEYS = Math.min(SAMPLES, 100);
// Enter's budget is the warm one (issue 82): V8 is still compiling the typing path for ~150 keys
// (docs/performance.md, round 24), so its pass types this many first, untimed.
const ENTER_WARMUP = Number(process.env.PANE_ENTER_WARMUP ?? 250);
const PACE_KEYS = Math.min(SAMPLES, 60);
const rows = [];
const open = [];
async function phase(name, hidden, floors = false, typing = {}, relayToo = false) {
  const home = tempDir('home');
  const env = paneEnv(home);
  const bare = await side(`bare-${name}`, 'cat', hidden, env);
  open.push(bare);
  const hubs = floors
    ? {}
    : relayToo
      ? { hub: bin, ...(base ? { base } : {}) }
      : {
          hub: bin,
          ...(base ? { base } : {}),
          ...(viaSocket ? { socket: `BOTSTER_DIRECT_TTY=0 ${q(bin)}` } : {}),
        };
  const sides = { bare };
  if (relayToo) {
    sides.relay = await side(`relay-${name}`, relay, [], env);
    open.push(sides.relay);
  }
  if (floors) {
    // A pass of their own beside bare tmux: typed into among the hub's keys, every side waits
    // longer between its keys, which moves the hub's figures (p50 +0.3 ms with 4 sides).
    sides.nested = await side(`nested-${name}`, nested, [], env);
    sides.relay = await side(`relay-${name}`, relay, [], env);
    open.push(sides.nested, sides.relay);
  }
  for (const [tag, b] of Object.entries(hubs)) {
    const h = tempDir('hub');
    const hubCmd = `${tag === 'socket' ? b : q(b)} --home ${q(h)} --agent cat${hidden.map((x) => ` --agent ${q(x)}`).join('')}`;
    sides[tag] = await side(`${tag}-${name}`, hubCmd, [], env);
    open.push(sides[tag]);
    sides[tag].server = await serverPid(h);
  }
  // The hub's start-up settles (flooders get going): a first start of a build writes its code
  // caches 2.5 s in (src/cli/code-cache.ts), a burst of CPU. The bench's HOME is fresh, so every
  // start here is a first one.
  await sleep(3500);
  const res = await typeAll(sides, typing);
  for (const tag of Object.keys(hubs)) await stopServer(sides[tag].server);
  return res;
}
/**
 * Keys at a person's pace (~150 ms apart, not the ~8 ms of the idle rows): every process in the
 * path sleeps between keys and wakes cold, node's more than tmux's (docs/performance.md round 9).
 */
function judgePace(res) {
  const B = stats(res.bare);
  const H = stats(res.hub);
  rows.push({
    name: `pane: key -> echo at a typing pace (${PACE_MS} ms apart), botster-tui p50 / p95 beside bare tmux`,
    value: H.p50,
    unit: 'ms',
    budget: '—',
    ok: H.n >= PACE_KEYS,
    note: `${f1(H.p50)} / ${f1(H.p95)} ms (${H.p50 - B.p50 >= 0 ? '+' : ''}${(H.p50 - B.p50).toFixed(2)} ms over bare at p50, ${(H.p95 / B.p95).toFixed(2)}x at p95); bare tmux ${f1(B.p50)} / ${f1(B.p95)} ms; ${H.n} keys`,
  });
}

/**
 * Enter's echo (cat's line back on the screen) with every other key an Enter, bare tmux, the node
 * relay and the hub typed into in one pass. The budget (issue 82, after issue 68 measured that
 * Enter's p95 cannot reach 1.6x the relay's while the hub parses and composes every byte): p50
 * within the relay's + 1 ms, p95 within 2.5x the relay's warm, as for a letter.
 */
function judgeEnter(res) {
  const [B, R, H] = ['bare', 'relay', 'hub'].map((n) => stats(res.enter[n]));
  const vsRelay = `relay ${f1(R.p50)} / ${f1(R.p95)}, bare tmux ${f1(B.p50)} / ${f1(B.p95)} ms; ${H.n} Enters each, a letter after each, after ${ENTER_WARMUP} keys untimed`;
  rows.push(
    {
      name: 'pane: Enter -> echo idle, botster-tui p50 beside the node relay (same pass)',
      value: H.p50,
      unit: 'ms',
      budget: '<= node relay p50 + 1 ms',
      ok: H.n >= ENTER_KEYS && H.p50 <= R.p50 + 1,
      note: `${H.p50 - R.p50 >= 0 ? '+' : ''}${(H.p50 - R.p50).toFixed(2)} ms over the relay's p50 (${vsRelay})`,
    },
    {
      name: 'pane: Enter -> echo idle, botster-tui p95 beside the node relay (same pass)',
      value: H.p95,
      unit: 'ms',
      budget: '<= 2.5x node relay p95',
      ok: H.n >= ENTER_KEYS && H.p95 <= 2.5 * R.p95,
      note: `${f1(H.p50)} / ${f1(H.p95)} ms, ${(H.p95 / R.p95).toFixed(2)}x the relay's p95 (${vsRelay}); letters p95 hub ${f1(stats(res.hub).p95)}, relay ${f1(stats(res.relay).p95)} ms${res.enter.base ? `; PANE_BASE ${f1(stats(res.enter.base).p50)} / ${f1(stats(res.enter.base).p95)} ms (${(stats(res.enter.base).p95 / R.p95).toFixed(2)}x), interleaved` : ''}`,
    },
  );
}

/** The floors' rows, beside the bare tmux of their own pass and the hub's idle p95. */
function judgeFloors(res, hubP95) {
  const B = stats(res.bare);
  for (const [tag, what] of [
    ['nested', 'a tmux inside the pane (the floor of a second multiplexer)'],
    ['relay', 'a node relay between the pane and cat (bench/pty-relay.mjs: the floor of a node process)'],
  ]) {
    const X = stats(res[tag]);
    rows.push({
      name: `pane: key -> echo idle, ${what} p50 / p95 / p99`,
      value: X.p50,
      unit: 'ms',
      budget: '—',
      ok: X.n >= SAMPLES,
      note: `${f1(X.p50)} / ${f1(X.p95)} / ${f1(X.p99)} ms (${(X.p95 / B.p95).toFixed(2)}x the bare tmux p95 of its pass, ${f1(B.p95)} ms; botster-tui's idle p95 is ${(hubP95 / X.p95).toFixed(2)}x this)`,
    });
  }
}
/**
 * `relay`: the node relay's p50 and p95 of the same run (the floor of any node process in the
 * path): idle, a letter's echo is held to p50 within its + 1 ms and p95 within 2.5x its (issue 82,
 * as Enter); flooding keeps bare + 1 ms and 2x bare tmux.
 */
function judge(label, res, extra = '', relay = undefined) {
  const B = stats(res.bare);
  const H = stats(res.hub);
  const relayP95 = relay?.p95;
  const okP50 = H.p50 <= (relay ? relay.p50 : B.p50) + 1;
  const okP95 = relayP95 === undefined ? H.p95 <= 2 * B.p95 : H.p95 <= 2.5 * relayP95;
  rows.push(
    {
      name: `pane: key -> echo ${label}, bare tmux p50 / p95 / p99`,
      value: B.p50,
      unit: 'ms',
      budget: '—',
      ok: B.n >= SAMPLES,
      note: `${f1(B.p50)} / ${f1(B.p95)} / ${f1(B.p99)} ms, max ${f1(B.max)}; ${B.n} keys`,
    },
    {
      name: `pane: key -> echo ${label}, botster-tui p50`,
      value: H.p50,
      unit: 'ms',
      budget: relay ? '<= node relay p50 + 1 ms' : '<= bare + 1 ms',
      ok: okP50 && H.n >= SAMPLES,
      note: `${relay ? `${H.p50 - relay.p50 >= 0 ? '+' : ''}${(H.p50 - relay.p50).toFixed(2)} ms over the node relay's p50 ${f1(relay.p50)} ms; ` : ''}${H.p50 - B.p50 >= 0 ? '+' : ''}${(H.p50 - B.p50).toFixed(2)} ms over bare tmux, same run, interleaved; ${H.n} keys${extra}`,
    },
    {
      name: `pane: key -> echo ${label}, botster-tui p95 / p99`,
      value: H.p95,
      unit: 'ms',
      budget: relayP95 === undefined ? '<= 2x bare p95' : '<= 2.5x node relay p95',
      ok: okP95 && H.n >= SAMPLES,
      note: `${relayP95 === undefined ? '' : `${(H.p95 / relayP95).toFixed(2)}x the node relay's p95 ${f1(relayP95)} ms, same run; `}${(H.p95 / B.p95).toFixed(2)}x bare p95; p99 ${f1(H.p99)} ms (bare ${f1(B.p99)}), max ${f1(H.max)}`,
    },
  );
  if (res.socket) {
    const X = stats(res.socket);
    rows.push({
      name: `pane: key -> echo ${label}, this build through the socket (BOTSTER_DIRECT_TTY=0) p50 / p95 / p99`,
      value: X.p50,
      unit: 'ms',
      budget: '—',
      ok: true,
      note: `${f1(X.p50)} / ${f1(X.p95)} / ${f1(X.p99)} ms (${(X.p95 / B.p95).toFixed(2)}x bare p95), interleaved`,
    });
  }
  if (res.base) {
    const X = stats(res.base);
    rows.push({
      name: `pane: key -> echo ${label}, PANE_BASE build p50 / p95 / p99`,
      value: X.p50,
      unit: 'ms',
      budget: '—',
      ok: true,
      note: `${f1(X.p50)} / ${f1(X.p95)} / ${f1(X.p99)} ms (${(X.p95 / B.p95).toFixed(2)}x bare p95), interleaved with both; ${base}`,
    });
  }
}
const closeAll = () => {
  for (const s of open.splice(0)) {
    s.v.dispose();
    s.tmux.kill();
  }
};
// PANE_PHASES=flood (or idle, enter, pace; comma-separated): only those phases (idle brings its floors).
const phases = new Set((process.env.PANE_PHASES ?? 'idle,enter,pace,flood').split(','));
try {
  if (phases.has('idle')) {
    const idle = await phase('idle', []);
    closeAll();
    const floors = await phase('floors', [], true);
    closeAll();
    judge('idle', idle, '', stats(floors.relay));
    judgeFloors(floors, stats(idle.hub).p95);
  }
  if (phases.has('enter')) {
    judgeEnter(await phase('enter', [], false, { samples: ENTER_KEYS, line: 1, warmup: ENTER_WARMUP }, true));
    closeAll();
  }
  if (phases.has('pace')) {
    judgePace(await phase('pace', [], false, { samples: PACE_KEYS, gap: PACE_MS }));
    closeAll();
  }
  if (phases.has('flood'))
    judge(
      'with 2 agents flooding',
      await phase('flood', [flooder, flooder]),
      '; bare tmux has 2 flooding windows, the hub 2 flooding agents, all at once',
    );
  if (rows.length) rows[0].note += `; ${loadAvg()}`;
} catch (err) {
  rows.push({
    name: 'pane: key -> echo',
    value: NaN,
    unit: 'ms',
    budget: '',
    ok: false,
    note: `failed: ${err.message.split('\n')[0]}`,
  });
  process.stderr.write(`${err.stack}\n`);
  for (const s of open) process.stderr.write(`${s.tag}:\n${s.v.rows().join('\n')}\n`);
} finally {
  try {
    execFileSync('tmux', ['-L', nestedSock, 'kill-server'], { stdio: 'ignore' });
  } catch {
    /* not running */
  }
  for (const s of open) {
    if (s.server) await stopServer(s.server);
    s.v.dispose();
    s.tmux.kill();
  }
}
report(rows);
process.exit(0);
