// The review panel on real repositories: ui.diff's golden frame (text and colours), the default
// layout's v key, the scroll/search/copy keys on the diff, refresh when the worktree changes, the
// uncommitted-only mode, binary files as one line.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { press, startHub, tempHome, tempRepo, until, waitForFrame } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';

const hubs = useHub();
const ID = ['-c', 'user.email=t@t', '-c', 'user.name=t'];
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, ...ID, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();

/** A repository with two files on main; a worktree agent whose branch commits one change and leaves two uncommitted. */
async function reviewHub(
  files: Record<string, string> = {},
  opts: { cols?: number; rows?: number } = {},
): Promise<{ hub: Hub; wt: string; repo: string }> {
  const { repo } = tempRepo();
  fs.writeFileSync(path.join(repo, 'app.js'), 'const a = 1;\nconst b = 2;\nconsole.log(a + b);\n');
  fs.writeFileSync(path.join(repo, 'README'), 'read me\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'start');
  const hub = await startHub({
    cols: opts.cols ?? 100,
    rows: opts.rows ?? 24,
    home: tempHome(files),
    agents: [{ command: 'cat', name: 'worker', cwd: repo, worktree: true }],
  });
  hubs.track(hub);
  await until('the agent started', () => hub.agents.list().length === 1);
  const wt = hub.worktrees.of('1')!.path;
  fs.writeFileSync(path.join(wt, 'app.js'), 'const a = 1;\nconst b = 3;\nconsole.log(a + b);\n');
  git(wt, 'commit', '-q', '-am', 'b is 3');
  fs.writeFileSync(path.join(wt, 'README'), 'read me\nand this\n');
  fs.writeFileSync(path.join(wt, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
  return { hub, wt, repo };
}

const ONLY_DIFF = `function App:render()
  return ui.column({ ui.panel({ grow = 1, title = "review" }, ui.diff(self.focused, { mode = self.state.mode or "all" })) })
end
`;

describe('ui.diff', () => {
  it('golden frame: summary, file list with counts, coloured hunks, a binary file as one line', async () => {
    const { hub } = await reviewHub({ 'user/layout.lua': ONLY_DIFF }, { cols: 60, rows: 22 });
    const text = await waitForFrame(hub, /logo\.png/);
    expect(text).toMatchSnapshot();
    // colours: additions green (32), removals red (31), hunk headers cyan (36), file headers bold yellow
    const ansi = hub.screen().toAnsi();
    expect(ansi).toMatch(/\x1b\[[0-9;]*32m\+const b = 3;/);
    expect(ansi).toMatch(/\x1b\[[0-9;]*31m-const b = 2;/);
    expect(ansi).toMatch(/\x1b\[[0-9;]*36m@@ -1,3 \+1,3 @@/);
    expect(ansi).toMatch(/\x1b\[[0-9;]*1;33m── app\.js/);
  });

  it('mode "uncommitted" leaves out what the branch committed', async () => {
    const { hub } = await reviewHub(
      { 'user/layout.lua': ONLY_DIFF.replace('self.state.mode or "all"', '"uncommitted"') },
      { cols: 60, rows: 22 },
    );
    const text = await waitForFrame(hub, /2 files changed, \+1 −0 {2}vs HEAD \(uncommitted\)/);
    expect(text).not.toContain('const b');
    expect(text).toContain('README');
  });
});

describe('the review panel of the default layout', () => {
  it('v opens it beside the terminal (review mode), j/k/ctrl+d scroll, ]f jumps to the next file, v closes it', async () => {
    const { hub } = await reviewHub({}, { rows: 14 });
    await press(hub, '\x07v');
    expect(hub.currentMode).toBe('review');
    let frame = await waitForFrame(hub, /botster\/worker vs main: 3 files \+2 −1/);
    expect(frame).toMatch(/│● 1 worker|│○ 1 worker/); // the agent list and terminal are still there
    expect(frame).toContain('  M app.js  +1 −1');
    await press(hub, 'j');
    expect(hub.state.client.review?.top).toBe(1);
    await press(hub, 'k');
    await press(hub, '\x04'); // ctrl+d: a page
    expect(hub.state.client.review?.top).toBeGreaterThan(1);
    await press(hub, 'g');
    await press(hub, ']f');
    const top = hub.state.client.review!.top;
    frame = await waitForFrame(hub, /│── app\.js  \+1 −1 ──/);
    expect(top).toBeGreaterThan(0);
    await press(hub, ']f');
    expect(hub.state.client.review!.top).toBeGreaterThan(top);
    await press(hub, 'g');
    expect(hub.state.client.review!.top).toBe(0);
    await press(hub, 'v');
    expect(hub.state.client.review).toBeNull();
    expect(hub.currentMode).toBe('normal');
    frame = await waitForFrame(hub, /Agents/);
    expect(frame).not.toContain('vs main');
  });

  it('/ searches the diff (n, N step), y copies lines of it; i types to the agent with the panel open', async () => {
    const { hub } = await reviewHub();
    await press(hub, '\x07v');
    await waitForFrame(hub, /3 files/);
    await press(hub, '/');
    await waitForFrame(hub, /Search the diff/);
    await press(hub, 'const b\r');
    await waitForFrame(hub, /"const b": match 1 of 2 in the diff/);
    await press(hub, 'n');
    await waitForFrame(hub, /match 2 of 2/);
    await press(hub, 'y');
    await press(hub, 'v');
    await press(hub, 'k');
    await press(hub, 'y');
    expect(hub.copied).toBe('-const b = 2;\n+const b = 3;');
    await press(hub, 'i');
    expect(hub.currentMode).toBe('insert');
    expect(hub.state.client.review).not.toBeNull();
    await press(hub, 'typed\r');
    await until('the agent got it', () => hub.agents.get('1')!.terminal.rowText(0).includes('typed'));
  });

  it('refreshes when the worktree changes (a new file, a commit)', async () => {
    const { hub, wt } = await reviewHub();
    await press(hub, '\x07v');
    await waitForFrame(hub, /3 files changed/);
    fs.writeFileSync(path.join(wt, 'new.txt'), 'fresh\n');
    await waitForFrame(hub, /4 files changed[\s\S]*\? new\.txt  \+1/, 10000);
    git(wt, 'add', '.');
    git(wt, 'commit', '-q', '-m', 'all in');
    await press(hub, 'V'); // only uncommitted: nothing now
    await waitForFrame(hub, /no changes vs HEAD \(uncommitted\)/, 10000);
  });

  it('the panel follows the focus; an agent outside any worktree shows its uncommitted changes', async () => {
    const { hub, repo } = await reviewHub();
    fs.writeFileSync(path.join(repo, 'README'), 'edited in the main folder\n');
    hub.agents.setDefaultSize(40, 10);
    await hub.lifecycle.spawn({ command: 'cat', name: 'plain', cwd: repo }, { focus: false });
    await press(hub, '\x07v');
    await waitForFrame(hub, /3 files changed/);
    await press(hub, '\t');
    await waitForFrame(hub, /plain vs HEAD: 1 file \+1 −1|plain uncommitted/);
    expect(hub.state.client.review?.agent).toBe('2');
  });
});
