// End to end, as a user or a script drives it with the real CLI against a real hub: a new agent in
// a new worktree (setup output in its panel), it commits a change, the review panel shows it,
// worktree.finish merges it into the base and leaves no worktree and no branch.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { press, tempRepo, until, waitForFrame } from '../support/hub.js';
import { fleetHubs } from '../support/fleet.js';

const hubWithSocket = fleetHubs();
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

describe('a worktree agent, start to finish', () => {
  it('new --worktree, the agent commits, review shows it, run worktree.finish --yes merges it and removes worktree and branch', async () => {
    const { repo } = tempRepo();
    fs.mkdirSync(path.join(repo, '.botster'));
    fs.writeFileSync(path.join(repo, '.botster', 'setup'), 'echo "installing deps for $(basename $(pwd))"\n');
    fs.writeFileSync(path.join(repo, 'notes.txt'), 'first\n');
    git(repo, '-c', 'user.email=t@t', '-c', 'user.name=t', 'add', '.');
    git(repo, '-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-m', 'project');
    const h = await hubWithSocket([]);
    h.hub.resize(140, 30);
    // A script cannot trust a repository's .botster/: --yes takes "not now" (typing the word is a person's).
    const script = await h.cli(['run', 'project.trust', repo, '--yes', '--json']);
    expect(script).toMatchObject({ status: 0, stderr: '' });
    expect(JSON.parse(script.stdout)).toMatchObject({ chosen: ['not now'] });
    expect(fs.existsSync(path.join(h.home, 'trusted-projects.json'))).toBe(false);
    // You trust it (else its setup does not run; see test/reload/projects.test.ts): the palette's project.trust, the word typed.
    await h.hub.runCommand('project.trust', repo);
    await press(h.hub, 'trust\r');
    await until('trusted', () => fs.existsSync(path.join(h.home, 'trusted-projects.json')));

    const made = await h.cli([
      'new',
      '--name',
      'fixer',
      '--cwd',
      repo,
      '--worktree',
      '',
      '--json',
      '--',
      'sh',
    ]);
    expect(made.stderr).toBe('');
    const row = JSON.parse(made.stdout).agent;
    const wt = h.hub.worktrees.of(row.id)!;
    expect(wt).toMatchObject({ branch: 'botster/fixer', base: 'main', repo });
    expect(row.cwd).toBe(wt.path);
    await waitForFrame(
      h.hub,
      /── setup: sh \.\/\.botster\/setup ──[\s\S]*installing deps for botster-fixer[\s\S]*── setup done ──/,
    );

    // the agent works: it edits and commits (typed into its shell through the CLI)
    const cmd = `printf 'first\\nsecond\\n' > notes.txt && git -c user.email=a@a -c user.name=agent commit -qam 'add second line' && echo COMMITTED`;
    expect((await h.cli(['send', 'fixer', cmd, '--keys', 'enter'])).status).toBe(0);
    expect((await h.cli(['wait', 'fixer', '--until', 'output:^COMMITTED$', '--timeout', '30'])).status).toBe(
      0,
    );

    // the review panel shows the commit
    await press(h.hub, '\x07v');
    const frame = await waitForFrame(
      h.hub,
      /botster\/fixer vs main: 1 file \+1 −0[\s\S]*M notes\.txt {2}\+1[\s\S]*\+second/,
    );
    expect(frame).toContain('@@ -1 +1,2 @@');

    // finish, as a script does it
    const fin = await h.cli(['run', 'worktree.finish', '--agent', 'fixer', '--yes', '--json']);
    expect(fin.stderr).toBe('');
    expect(JSON.parse(fin.stdout)).toMatchObject({
      ok: true,
      command: 'worktree.finish',
      chosen: ['merge'],
      notice: 'finished botster/fixer: merged 1 commit into main; worktree and branch removed',
    });
    expect(fs.readFileSync(path.join(repo, 'notes.txt'), 'utf8')).toBe('first\nsecond\n');
    expect(git(repo, 'log', '-1', '--format=%s')).toBe(
      "Merge branch 'botster/fixer' (botster worktree.finish)",
    );
    expect(fs.existsSync(wt.path)).toBe(false);
    expect(git(repo, 'branch', '--list', 'botster/*')).toBe('');
    expect(git(repo, 'worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    await until('the agent left the list', () => h.hub.agents.list().length === 0);
    expect(h.hub.state.client.review ?? null).toBeNull();
  }, 90000);

  it('a dirty worktree: run worktree.finish --yes fails with the reason (exit 1) and leaves everything', async () => {
    const { repo } = tempRepo();
    const h = await hubWithSocket([]);
    const made = await h.cli([
      'new',
      '--name',
      'messy',
      '--cwd',
      repo,
      '--worktree',
      'feature-x',
      '--',
      'cat',
    ]);
    expect(made.status).toBe(0);
    const wt = h.hub.worktrees.of('1')!;
    expect(wt.branch).toBe('feature-x');
    fs.writeFileSync(path.join(wt.path, 'half-done.txt'), 'wip\n');
    const fin = await h.cli(['run', 'worktree.finish', '--agent', 'messy', '--yes']);
    expect(fin.status).toBe(1);
    expect(fin.stderr.trim()).toBe(
      'botster-tui run: worktree.finish: refused: feature-x has 1 uncommitted file (half-done.txt) (commit it, or choose "finish anyway")',
    );
    expect(fs.existsSync(path.join(wt.path, 'half-done.txt'))).toBe(true);
    expect(git(repo, 'branch', '--list', 'feature-x')).not.toBe('');
    // discard names what goes, and --yes takes it
    const gone = await h.cli(['run', 'worktree.discard', '--agent', 'messy', '--yes']);
    expect(gone.status).toBe(0);
    expect(fs.existsSync(wt.path)).toBe(false);
    expect(git(repo, 'branch', '--list', 'feature-x')).toBe('');
  }, 90000);
});
