// Conversations survive a restart (docs/resume.md): what keeping session.json in step costs the
// hub, and how long the shipped profiles take to find what to resume.
// 1. One write of the record (every agent's facts and screen, JSON, temp file + rename), as the hub
//    does after an agent starts, exits, changes state or reports an id: 10 agents, each with a
//    full 120x40 screen. On the main thread, so it must stay small.
// 2. One resume call for 10 agents (5 Codex, 5 Claude Code, none with a reported id) against a
//    ~/.codex with 3000 rollouts over 100 days and a ~/.claude with 500 transcripts in one folder:
//    the Lua globs and first-line reads in the worker.
import fs from 'node:fs';
import path from 'node:path';
import { Hub } from '../dist/app/hub.js';
import { saveSession } from '../dist/lifecycle/session-file.js';
import { percentile, report, sleep, tempHome } from './util.mjs';

const home = tempHome();
const fake = tempHome();
process.env.HOME = fake; // the worker's ~ (it inherits the environment at its start)
const line = 'x'.repeat(100);
const agents = Array.from({ length: 10 }, (_, i) => ({
  command: 'sh',
  args: ['-c', `for i in $(seq 60); do echo "${i} $i ${line}"; done; exec sleep 60`],
  name: `a${i}`,
}));
const hub = await Hub.start({ home, agents, cols: 120, rows: 40, write: () => {} });
await sleep(2000);
await hub.whenIdle();
const writes = [];
for (let i = 0; i < 300; i++) {
  const t0 = performance.now();
  saveSession(home, hub.sessionAgents());
  writes.push(performance.now() - t0);
}
const bytes = fs.statSync(path.join(home, 'session.json')).size;

const touch = (p, text, ago) => {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  const t = Date.now() / 1000 - ago;
  fs.utimesSync(p, t, t);
};
const meta = (id, cwd) =>
  `${JSON.stringify({ type: 'session_meta', payload: { id, cwd, base_instructions: { text: 'y'.repeat(20000) } } })}\n`;
for (let n = 0; n < 3000; n++) {
  const day = 1 + Math.floor(n / 30);
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  touch(
    path.join(
      fake,
      '.codex',
      'sessions',
      '2026',
      String(1 + Math.floor(day / 28)).padStart(2, '0'),
      String(1 + (day % 28)).padStart(2, '0'),
      `rollout-x-${id}.jsonl`,
    ),
    meta(id, `/src/p${n % 40}`),
    3000 - n,
  );
}
for (let n = 0; n < 500; n++)
  touch(path.join(fake, '.claude', 'projects', '-src-app', `t${n}.jsonl`), '{}\n', 500 - n);
const started = Date.now() / 1000 - 4000;
const facts = [
  ...Array.from({ length: 5 }, (_, i) => ({
    name: `x${i}`,
    command: 'codex',
    args: null,
    cwd: `/src/p${i}`,
    program: 'codex',
    command_program: 'codex',
    profile: null,
    env: {},
    started,
    session: null,
    sessions: [],
    screen: [],
    worktree: null,
  })),
  ...Array.from({ length: 5 }, (_, i) => ({
    name: `c${i}`,
    command: 'claude',
    args: null,
    cwd: '/src/app',
    program: 'claude',
    command_program: 'claude',
    profile: null,
    env: {},
    started,
    session: null,
    sessions: [],
    screen: [],
    worktree: null,
  })),
];
const calls = [];
let answers = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  answers = await hub.lua.resume(facts);
  calls.push(performance.now() - t0);
}
await hub.dispose();
const found = answers.filter((a) => a.command).length;
const p50 = percentile(writes, 0.5);
const r50 = percentile(calls, 0.5);
report([
  {
    name: 'session.json write, 10 agents (120x40 screens)',
    value: p50 * 1000,
    unit: 'us',
    budget: '<= 2000 us',
    ok: p50 <= 2,
    note: `p95 ${(percentile(writes, 0.95) * 1000).toFixed(0)} us; ${(bytes / 1024).toFixed(1)} kB written`,
  },
  {
    name: 'resume lookup, 10 agents (3000 rollouts, 500 transcripts)',
    value: r50,
    unit: 'ms',
    budget: '<= 1000 ms',
    ok: r50 <= 1000 && found === 10,
    note: `max ${Math.max(...calls).toFixed(0)} ms; ${found}/10 resumed`,
  },
]);
process.exit(0);
