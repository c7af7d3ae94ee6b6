// A Claude Code team of two made through the hub's tmux surface against real tmux (issue 83): the
// lead's tmux command lines from a real run (test/tmux/claude-2.1.332-team.jsonl, up to its first
// kill-pane: 28 lines that make two panes, style them, lay them out and start a teammate in each),
// run one after another as the lead's CLI runs them, through the agent's own tmux ($BOTSTER_HOME/bin)
// and through a real tmux server, interleaved. A pane id the fixture recorded is the one its
// command answers this time (as Claude reads them). Budget: the hub's team within 2x real tmux's.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hubBesideTmux, median, percentile, report, sleep } from './util.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.join(here, '../bin/botster-tui.js');
const RUNS = Number(process.env.TEAM_RUNS ?? 8);
const FIXTURE = path.join(here, '../test/tmux/claude-2.1.332-team.jsonl');
const lines = fs
  .readFileSync(FIXTURE, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l))
  .filter((l) => l.pane === '%1');
const team = lines.slice(
  0,
  lines.findIndex((l) => l.argv.includes('kill-pane')),
);

const pair = hubBesideTmux(BIN);
const { home, tmuxSock, env } = pair;
const socket = path.join(home, 'hub.sock');
const ours = {
  file: path.join(home, 'bin', 'tmux'),
  env: { ...env, BOTSTER_AGENT_ID: '1', TMUX_PANE: '%1' },
};
// Real tmux: the lead in window @1, pane %1 (a first window made and left), as in the recorded run.
const real = { file: 'tmux', env: { ...env, TMUX_PANE: '%1' } };

/** Runs the team's lines on `side` (its socket for -S); the time they took, and the panes made. */
function replay(side, sock) {
  const ids = new Map([['$SOCKET', sock]]);
  const made = [];
  let ms = 0;
  for (const l of team) {
    let argv = l.argv.map((a) =>
      a.startsWith('$TEAMMATE ') ? `sh -c 'echo teammate ${a.slice(10)} here; exec cat'` : (ids.get(a) ?? a),
    );
    if (side === real && argv[0] !== '-S') argv = ['-S', sock, ...argv];
    const t0 = performance.now();
    const r = spawnSync(side.file, argv, { env: side.env, encoding: 'utf8', timeout: 20000 });
    ms += performance.now() - t0;
    if (r.status !== l.code) throw new Error(`${side.file} ${argv.join(' ')}: exit ${r.status}: ${r.stderr}`);
    // An id it answered stands for the one recorded (what Claude reads back and uses).
    const was = (l.out ?? '').trim();
    const is = r.stdout.trim();
    if (/^[%@]\d+$/.test(was) && /^[%@]\d+$/.test(is)) {
      ids.set(was, is);
      if (argv.includes('split-window')) made.push(is);
    }
  }
  return { ms, made };
}

const rows = [];
try {
  await pair.start();
  execFileSync('tmux', ['-S', tmuxSock, 'new-window', '-d', 'cat'], { env });
  await sleep(1500);
  const hub = [];
  const tmux = [];
  for (let i = 0; i < RUNS; i++) {
    const a = replay(ours, socket);
    hub.push(a.ms);
    const b = replay(real, tmuxSock);
    tmux.push(b.ms);
    // (not timed: the teammates go, as the lead's kill-pane lines end them)
    for (const p of a.made) spawnSync(ours.file, ['kill-pane', '-t', p], { env: ours.env });
    for (const p of b.made) spawnSync('tmux', ['-S', tmuxSock, 'kill-pane', '-t', p], { env });
    await sleep(300);
  }
  const h50 = median(hub);
  const t50 = median(tmux);
  rows.push({
    name: `team of two: Claude Code's ${team.length} tmux lines through the hub`,
    value: h50,
    unit: 'ms p50',
    budget: '<= 2x real tmux',
    ok: h50 <= 2 * t50,
    note: `p95 ${percentile(hub, 95).toFixed(0)}; real tmux p50 ${t50.toFixed(0)} p95 ${percentile(tmux, 95).toFixed(0)} (${(h50 / t50).toFixed(2)}x); ${RUNS} teams each, interleaved`,
  });
} finally {
  await pair.stop();
}
report(rows);
