// The review panel on a 5 MB diff: how long git + parsing take to show it, how long the event loop
// is held meanwhile (the longest gap between ticks: keys and frames wait that long at most), and
// one frame per scroll step (a line, a page, a search jump) at 160x48.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Hub } from '../dist/app/hub.js';
import { median, percentile, report, sleep, tempHome } from './util.mjs';

const FILES = Number(process.env.FILES ?? 1500);
const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-bench-repo-'));
const git = (...a) =>
  execFileSync('git', ['-C', repo, '-c', 'user.email=b@b', '-c', 'user.name=b', ...a], { stdio: 'ignore' });
git('init', '-q', '-b', 'main');
git('commit', '-q', '--allow-empty', '-m', 'init');
const hub = await Hub.start({
  home: tempHome(),
  agents: [{ command: 'cat', name: 'worker', cwd: repo, worktree: true }],
  cols: 160,
  rows: 48,
  write: () => {},
  collectStats: true,
});
while (!hub.worktrees.of('1')) await sleep(20);
const wt = hub.worktrees.of('1').path;
let bytes = 0;
for (let f = 0; f < FILES; f++) {
  const text =
    Array.from(
      { length: 40 },
      (_, i) => `line ${i} of file ${f}: ${'lorem ipsum dolor sit amet '.repeat(2)}`,
    ).join('\n') + '\n';
  bytes += text.length;
  fs.mkdirSync(path.join(wt, `dir${f % 30}`), { recursive: true });
  fs.writeFileSync(path.join(wt, `dir${f % 30}`, `file${f}.txt`), text);
}
execFileSync('git', ['-C', wt, 'add', '.'], { stdio: 'ignore' });
execFileSync('git', ['-C', wt, '-c', 'user.email=b@b', '-c', 'user.name=b', 'commit', '-q', '-m', 'big'], {
  stdio: 'ignore',
});
await hub.whenIdle();

// The longest the event loop is held while the diff is made and parsed.
let last = performance.now();
let held = 0;
const tick = setInterval(() => {
  const now = performance.now();
  held = Math.max(held, now - last);
  last = now;
}, 1);
const t0 = performance.now();
hub.input('\x07v');
while (!hub.state.client.review || hub.appData().review?.loading) await sleep(5);
const ready = performance.now() - t0;
await hub.whenIdle();
clearInterval(tick);
const lines = hub.appData().review.lines;

const step = async (keys) => {
  const t = performance.now();
  hub.input(keys);
  await hub.whenIdle();
  return performance.now() - t;
};
// The same whole frame (Lua, layout, paint) with the panel open and without it, interleaved: what
// the panel adds on this machine now, whatever its load.
const withPanel = [];
const without = [];
for (let i = 0; i < 60; i++) {
  let t = performance.now();
  await hub.frameNow();
  withPanel.push(performance.now() - t);
  hub.dispatch({ type: 'review_close' });
  await hub.whenIdle();
  t = performance.now();
  await hub.frameNow();
  without.push(performance.now() - t);
  hub.dispatch({ type: 'review_open', agent: '1', mode: 'all' });
  await hub.whenIdle();
}
hub.stats.reset();
const lineSteps = [];
for (let i = 0; i < 200; i++) lineSteps.push(await step('j'));
const paint = hub.stats.summary().paint;
const pageSteps = [];
for (let i = 0; i < 100; i++) pageSteps.push(await step('\x04'));
await step('/');
await step('file 1234:\r');
const jumps = [];
for (let i = 0; i < 40; i++) jumps.push(await step('n'));
await hub.dispose();
fs.rmSync(repo, { recursive: true, force: true });
fs.rmSync(`${repo}-worktrees`, { recursive: true, force: true });

const ms = (x) => `${x.toFixed(2)} ms`;
report([
  {
    name: `review: ${(bytes / 1e6).toFixed(1)} MB diff (${FILES} files, ${lines} lines) shown after`,
    value: ready,
    unit: 'ms',
    budget: '—',
    ok: true,
    note: `event loop held at most ${ms(held)} meanwhile`,
  },
  {
    name: 'review: whole frame with the 5 MB panel open / without (medians, same run)',
    value: median(withPanel) / median(without),
    unit: 'x',
    budget: '<= 1.5',
    ok: median(withPanel) / median(without) <= 1.5,
    note: `${ms(median(withPanel))} vs ${ms(median(without))}`,
  },
  {
    name: 'review: scroll a line, key to frame (median)',
    value: median(lineSteps),
    unit: 'ms',
    budget: '<= 3 ms',
    ok: median(lineSteps) <= 3,
    note: `p95 ${ms(percentile(lineSteps, 95))}; paint ${ms(paint)} (median)`,
  },
  {
    name: 'review: scroll a page, one frame (median)',
    value: median(pageSteps),
    unit: 'ms',
    budget: '<= 3 ms',
    ok: median(pageSteps) <= 3,
    note: `p95 ${ms(percentile(pageSteps, 95))}`,
  },
  {
    name: 'review: next search match, one frame (median)',
    value: median(jumps),
    unit: 'ms',
    budget: '<= 3 ms',
    ok: median(jumps) <= 3,
    note: `p95 ${ms(percentile(jumps, 95))}`,
  },
]);
process.exit(0);
