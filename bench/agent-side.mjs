// The commands an agent's CLI runs while it works (issue 83): Claude Code's PreToolUse hook
// (`report`, on every tool call, holding the tool up), its status line, the hub's tmux surface a
// team lead drives, and the scripting commands that poll. Run as an agent runs them: from inside
// agent 1 (this file again, as the agent's own program: the kernel tells the hub it is that agent's)
// through the agent's own botster-tui and tmux ($BOTSTER_HOME/bin: the native client, which hands
// the command line to the server), each beside a real tmux server's same command in the same run,
// interleaved. Budgets: p50 <= 5 ms, p95 <= 15 ms, p50 within 3x real tmux's. The node client's
// figure (before the native client ran these) is in the notes. Starting any program from here
// costs a few ms on these machines (/bin/true: 6 ms p50 from node on a quiet day), which real tmux
// pays too: the budget is held above that floor, measured in the same run, interleaved.
import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hubBesideTmux, median, percentile, report, sleep } from './util.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.join(here, '../bin/botster-tui.js');
const RUNS = Number(process.env.AGENT_SIDE_RUNS ?? 30);
const NODE_RUNS = Number(process.env.AGENT_SIDE_NODE_RUNS ?? 5);
// Inside the agent: where its figures go, and the real tmux (its PATH finds the hub's first).
const INSIDE = process.env.AGENT_SIDE_OUT;
const PRE_TOOL = JSON.stringify({
  hook_event_name: 'PreToolUse',
  session_id: 'bench',
  tool_name: 'Bash',
  tool_input: { command: 'make test' },
});
const STATUS_JSON = fs.readFileSync(path.join(here, '../test/usage/claude-statusline.json'), 'utf8');

/** One run of FILE ARGS (its stdin INPUT); its wall time in ms. */
function timed(file, args, input = '', e = process.env) {
  const t0 = performance.now();
  const r = spawnSync(file, args, { env: e, input, encoding: 'utf8', timeout: 20000 });
  const ms = performance.now() - t0;
  if (r.status !== 0)
    throw new Error(`${path.basename(file)} ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return { ms, out: r.stdout };
}
/** `s` quoted for sh. */
const sq = (s) => `'${s.replace(/'/g, "'\\''")}'`;

if (INSIDE) await measure(INSIDE);
else await outside();

/** The hub beside real tmux, this file as its agent 1; what it measured there, printed. */
async function outside() {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'agent-side-')), 'rows.json');
  const realTmux = execFileSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' }).trim();
  const pair = hubBesideTmux(
    BIN,
    [
      'env',
      `AGENT_SIDE_OUT=${out}`,
      `REAL_TMUX=${realTmux}`,
      process.execPath,
      fileURLToPath(import.meta.url),
    ]
      .map(sq)
      .join(' '),
  );
  try {
    await pair.start();
    // The agent starts measuring once the hub is up; its rows come back in a file.
    const end = Date.now() + 20 * 60_000;
    while (!fs.existsSync(out) && Date.now() < end) await sleep(200);
    if (!fs.existsSync(out)) throw new Error('the agent inside the hub wrote no figures');
    const rows = JSON.parse(fs.readFileSync(out, 'utf8'));
    if (rows.error) throw new Error(`inside the agent: ${rows.error}`);
    report(rows);
  } finally {
    await pair.stop();
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

/** As agent 1's own program: every command timed from here, the rows written to `out`. */
async function measure(out) {
  const rows = [];
  const home = process.env.BOTSTER_HOME;
  const tmuxSock = path.join(path.dirname(home), 'tmux.sock');
  const realTmux = process.env.REAL_TMUX;
  const tmux = (...args) => [realTmux, ['-S', tmuxSock, ...args]];
  const env = process.env;
  try {
    await sleep(1500);
    const ours = path.join(home, 'bin', 'botster-tui');
    const ourTmux = path.join(home, 'bin', 'tmux');
    // Each: the hub's command line, real tmux's beside it, and what to undo after each run (not timed).
    const cases = [
      [
        'report (PreToolUse hook, JSON on stdin)',
        [ours, ['report', '--if-in-hub', '--stdin', '--state', 'running'], PRE_TOOL],
        tmux('display', '-p', '#{pane_id}'),
      ],
      [
        "statusline claude (Claude's JSON)",
        [ours, ['statusline', 'claude'], STATUS_JSON],
        tmux('display', '-p', '#{pane_id}'),
      ],
      [
        'tmux display-message -p',
        [ourTmux, ['display-message', '-p', '#{pane_id}']],
        tmux('display', '-p', '#{pane_id}'),
      ],
      [
        'tmux list-panes -F',
        [ourTmux, ['list-panes', '-F', '#{pane_id} #{pane_index}']],
        tmux('list-panes', '-F', '#{pane_id} #{pane_index}'),
      ],
      ['tmux send-keys', [ourTmux, ['send-keys', '-t', '%1', 'x']], tmux('send-keys', '-t', '%0', 'x')],
      [
        'tmux split-window -P -F',
        [ourTmux, ['split-window', '-P', '-F', '#{pane_id}', 'cat']],
        tmux('split-window', '-P', '-F', '#{pane_id}', 'cat'),
        true,
      ],
      ['agents --json', [ours, ['agents', '--json']], tmux('list-panes', '-F', '#{pane_id} #{pane_index}')],
      ['read', [ours, ['read', '1']], tmux('capture-pane', '-p', '-t', '%0')],
      ['send', [ours, ['send', '1', 'x']], tmux('send-keys', '-t', '%0', 'x')],
    ];
    for (const [name, [file, args, input], [tfile, targs], splits] of cases) {
      const hub = [];
      const real = [];
      const floor = [];
      // The first call of each kind is the hub's first of it (its code compiled, an agent's first
      // state drawn): printed, not timed with the rest, which is what every hook after it pays.
      const first = [];
      for (let i = 0; i < 2; i++) {
        const a = timed(file, args, input);
        const b = timed(tfile, targs, '', env);
        first.push(a.ms);
        if (splits) {
          timed(ourTmux, ['kill-pane', '-t', a.out.trim()]);
          timed(realTmux, ['-S', tmuxSock, 'kill-pane', '-t', b.out.trim()], '', env);
        }
      }
      for (let i = 0; i < RUNS; i++) {
        const a = timed(file, args, input);
        hub.push(a.ms);
        const b = timed(tfile, targs, '', env);
        real.push(b.ms);
        floor.push(timed('/bin/true', [], input).ms);
        if (splits) {
          timed(ourTmux, ['kill-pane', '-t', a.out.trim()]);
          timed(realTmux, ['-S', tmuxSock, 'kill-pane', '-t', b.out.trim()], '', env);
        }
      }
      // Before: the node client, as the agents' botster-tui ran it (fewer runs: it is slow).
      const before = [];
      const nodeArgs = file === ourTmux ? ['tmux', ...args] : args;
      for (let i = 0; i < NODE_RUNS; i++) {
        const a = timed(process.execPath, [BIN, ...nodeArgs], input);
        before.push(a.ms);
        if (splits) timed(ourTmux, ['kill-pane', '-t', a.out.trim()]);
      }
      const p50 = median(hub);
      const p95 = percentile(hub, 95);
      const t50 = median(real);
      const t95 = percentile(real, 95);
      const f50 = median(floor);
      const f95 = percentile(floor, 95);
      rows.push({
        name: `agent-side: ${name}`,
        value: p50,
        unit: 'ms p50',
        budget: 'above the start floor: p50 <= 5, p95 <= 15 ms; <= 3x tmux',
        ok: p50 - f50 <= 5 && p95 - f95 <= 15 && p50 <= 3 * t50,
        note: `p95 ${p95.toFixed(1)}; above the floor (/bin/true p50 ${f50.toFixed(1)} p95 ${f95.toFixed(1)}): p50 ${(p50 - f50).toFixed(1)} p95 ${(p95 - f95).toFixed(1)}; real tmux \`${targs.slice(2, 3)}\` p50 ${t50.toFixed(1)} p95 ${t95.toFixed(1)} (${(p50 / t50).toFixed(2)}x); node client before: p50 ${median(before).toFixed(0)} ms (${NODE_RUNS} runs); ${RUNS} runs, interleaved, after two (${first.map((m) => m.toFixed(1)).join(', ')} ms)`,
      });
    }
    fs.writeFileSync(out, JSON.stringify(rows));
  } catch (err) {
    fs.writeFileSync(out, JSON.stringify({ error: String(err?.stack ?? err) }));
  }
}
