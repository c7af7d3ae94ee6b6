// The worktree lifecycle in a real hub on real repositories: a new worktree agent (setup script in
// its panel, .worktreeinclude copied), then worktree.finish and worktree.discard as a script runs
// them (`botster-tui run ... --agent A --yes`): merged, refused when dirty, stopped on a conflict.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { trustedBy } from '../support/trusted.js';
import { describe, expect, it } from 'vitest';
import { runCommandOp } from '../../src/verbs/run.js';
import { projectHash } from '../../src/reload/projects.js';
import type { Hub } from '../../src/app/hub.js';
import { startHub, tempHome, tempRepo, until, waitForFrame } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';

const hubs = useHub();
const ID = ['-c', 'user.email=t@t', '-c', 'user.name=t'];
const gitOut = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, ...ID, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();

function commitIn(dir: string, file: string, text: string): void {
  fs.writeFileSync(path.join(dir, file), text);
  gitOut(dir, 'add', file);
  gitOut(dir, 'commit', '-q', '-m', `change ${file}`);
}

/** A repository with a setup script, a .worktreeinclude and an ignored .env; a hub with one worktree agent in it. */
async function worktreeHub(
  setup = 'echo "SETUP RAN in $(pwd)"\ntouch .setup-done\n',
): Promise<{ hub: Hub; repo: string; wt: () => string }> {
  const { repo } = tempRepo();
  fs.mkdirSync(path.join(repo, '.botster'));
  fs.writeFileSync(path.join(repo, '.botster', 'setup'), `#!/bin/sh\n${setup}`, { mode: 0o755 });
  fs.writeFileSync(path.join(repo, '.gitignore'), '.env\n.setup-done\n');
  fs.writeFileSync(path.join(repo, '.worktreeinclude'), '.env\n');
  fs.writeFileSync(path.join(repo, 'a.txt'), 'one\n');
  gitOut(repo, 'add', '.');
  gitOut(repo, 'commit', '-q', '-m', 'project');
  fs.writeFileSync(path.join(repo, '.env'), 'TOKEN=secret\n');
  // the repository's setup script runs once you trust its .botster/ (test/reload/projects.test.ts)
  const home = trustedBy(tempHome(), repo);
  const hub = await startHub({
    cols: 140,
    rows: 30,
    home,
    agents: [{ command: 'cat', name: 'worker', cwd: repo, worktree: true }],
  });
  hubs.track(hub);
  await until('the agent started', () => hub.agents.list().length === 1);
  const wt = () => hub.worktrees.of(hub.agents.list()[0]?.info.id ?? '')?.path ?? '';
  return { hub, repo, wt };
}

const run = (hub: Hub, command: string, arg?: string) =>
  runCommandOp(hub.control, { op: 'run', command, agent: 'worker', yes: true, ...(arg ? { arg } : {}) });

describe('a new worktree agent', () => {
  it('runs the setup script in the new worktree first, its output in the panel; .worktreeinclude files are copied', async () => {
    const { hub, repo, wt } = await worktreeHub();
    const dir = wt();
    expect(dir).toMatch(/-worktrees\/botster-worker$/);
    await waitForFrame(
      hub,
      /── setup: \.\/\.botster\/setup ──[\s\S]*SETUP RAN in \S*botster-worker[\s\S]*── setup done ──/,
    );
    expect(fs.existsSync(path.join(dir, '.setup-done'))).toBe(true);
    expect(fs.existsSync(path.join(repo, '.setup-done'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, '.env'), 'utf8')).toBe('TOKEN=secret\n');
    expect(hub.appData().agents[0]).toMatchObject({
      branch: 'botster/worker',
      worktree: { path: dir, branch: 'botster/worker', base: 'main', repo },
    });
  });

  it('a failing setup says so in the panel and the agent does not start', async () => {
    const { hub } = await worktreeHub('echo broken; exit 3\n');
    await waitForFrame(hub, /broken[\s\S]*setup failed \(exit 3\): the agent was not started/);
    await until('exited', () => hub.agents.list()[0].isExited);
    expect(hub.agents.list()[0].info.exitCode).toBe(3);
  });
});

describe('worktree.finish and worktree.discard (as `botster-tui run ... --agent worker --yes` runs them)', () => {
  it("finish merges the agent's commits into the base, stops the agent, removes the worktree and the branch", async () => {
    const { hub, repo, wt } = await worktreeHub();
    const dir = wt();
    commitIn(dir, 'feature.txt', 'from the agent\n');
    const res = await run(hub, 'worktree.finish');
    expect(res).toMatchObject({
      command: 'worktree.finish',
      chosen: ['merge'],
      notice: 'finished botster/worker: merged 1 commit into main; worktree and branch removed',
    });
    expect(fs.readFileSync(path.join(repo, 'feature.txt'), 'utf8')).toBe('from the agent\n');
    expect(fs.existsSync(dir)).toBe(false);
    expect(gitOut(repo, 'branch', '--list', 'botster/worker')).toBe('');
    expect(hub.agents.list()).toHaveLength(0);
  });

  it('settings.worktree_finish = "rebase" puts rebase first', async () => {
    const { repo } = tempRepo();
    const hub = await startHub({
      home: tempHome({ 'user/keybindings.lua': 'settings.worktree_finish = "rebase"' }),
      agents: [{ command: 'cat', name: 'worker', cwd: repo, worktree: true }],
    });
    hubs.track(hub);
    await until('started', () => hub.agents.list().length === 1);
    const dir = hub.worktrees.of('1')!.path;
    commitIn(dir, 'r.txt', 'r\n');
    commitIn(repo, 's.txt', 's\n');
    expect(await run(hub, 'worktree.finish')).toMatchObject({ chosen: ['rebase'] });
    expect(gitOut(repo, 'log', '--format=%s', 'main')).toBe('change r.txt\nchange s.txt\ninit');
  });

  it('a dirty worktree is refused with the reason (the script fails); the worktree, the branch and the agent stay', async () => {
    const { hub, repo, wt } = await worktreeHub();
    const dir = wt();
    commitIn(dir, 'feature.txt', 'x\n');
    fs.writeFileSync(path.join(dir, 'a.txt'), 'not committed\n');
    await expect(run(hub, 'worktree.finish')).rejects.toThrow(
      'worktree.finish: refused: botster/worker has 1 uncommitted file (a.txt) (commit it, or choose "finish anyway")',
    );
    expect(fs.existsSync(dir)).toBe(true);
    expect(gitOut(repo, 'branch', '--list', 'botster/worker')).not.toBe('');
    expect(hub.agents.list()).toHaveLength(1);
    expect(fs.existsSync(path.join(repo, 'feature.txt'))).toBe(false);
    // "force" finishes anyway (the change is lost, the commit merged)
    expect(await run(hub, 'worktree.finish', 'force')).toMatchObject({ chosen: ['merge'] });
    expect(fs.existsSync(dir)).toBe(false);
    expect(fs.existsSync(path.join(repo, 'feature.txt'))).toBe(true);
  });

  it('a conflict stops the finish and says so; nothing changed, the agent still runs', async () => {
    const { hub, repo, wt } = await worktreeHub();
    const dir = wt();
    commitIn(dir, 'a.txt', 'agent\n');
    commitIn(repo, 'a.txt', 'mine\n');
    const main = gitOut(repo, 'rev-parse', 'main');
    await expect(run(hub, 'worktree.finish')).rejects.toThrow(
      /merging botster\/worker into main stopped on conflicts in a\.txt: aborted, nothing changed/,
    );
    expect(gitOut(repo, 'rev-parse', 'main')).toBe(main);
    expect(gitOut(repo, 'status', '--porcelain')).toBe('');
    expect(fs.existsSync(dir)).toBe(true);
    expect(hub.agents.list()[0].isExited).toBe(false);
  });

  it('discard names what is lost, then removes worktree and branch; an agent without a worktree is refused', async () => {
    const { hub, repo, wt } = await worktreeHub();
    const dir = wt();
    commitIn(dir, 'feature.txt', 'x\n');
    fs.writeFileSync(path.join(dir, 'scratch'), 'y');
    hub.dispatch({ type: 'focus', id: '1' });
    await hub.runCommand('worktree.discard');
    await hub.whenIdle();
    const o = hub.state.client.overlay;
    expect(o?.kind === 'palette' && o.title).toBe(
      'Discard botster/worker? LOSES 1 uncommitted file (scratch), 1 commit not in main',
    );
    hub.dispatch({ type: 'overlay_close' });
    expect(await run(hub, 'worktree.discard')).toMatchObject({
      chosen: ['discard'],
      notice: 'discarded botster/worker: worktree and branch removed',
    });
    expect(fs.existsSync(dir)).toBe(false);
    expect(gitOut(repo, 'branch', '--list', 'botster/worker')).toBe('');
    const plain = await startHub({ home: tempHome(), agents: [{ command: 'cat', name: 'worker' }] });
    hubs.track(plain);
    await until('started', () => plain.agents.list().length === 1);
    await expect(run(plain, 'worktree.finish')).rejects.toThrow(
      'worktree.finish: agent worker has no worktree the hub made',
    );
  });
});

describe('worktree.new and the branch name', () => {
  it('the palette command starts your shell in a new worktree (an empty branch: botster/NAME); a handler shapes it (base, setup)', async () => {
    const { repo } = tempRepo();
    gitOut(repo, 'branch', 'develop');
    const hooks = `hooks.on("before_worktree_create", function(ev) ev.base = "develop"; ev.setup = "echo FROM THE HOOK"; return ev end)\n`;
    const hub = await startHub({
      cols: 120,
      rows: 30,
      // (a profile of yours: what to run is a question, not the shell at once)
      home: tempHome({
        'user/hooks.lua': hooks,
        'user/profiles.lua': 'profiles.define("pager", { command = "less" })\n',
      }),
      agents: [{ command: 'cat', name: 'first', cwd: repo }],
    });
    hubs.track(hub);
    await until('started', () => hub.agents.list().length === 1);
    // a script's --yes: the first choice (the shell), then an empty branch name; from the focused agent's repository
    expect(await runCommandOp(hub.control, { op: 'run', command: 'worktree.new', yes: true })).toMatchObject({
      command: 'worktree.new',
      chosen: ['shell', ''],
    });
    await until('the new agent', () => hub.agents.list().length === 2, 15000);
    const wt = hub.worktrees.of('2')!;
    expect(wt).toMatchObject({
      branch: `botster/${path.basename(process.env.SHELL || '/bin/sh')}`,
      base: 'develop',
    });
    await waitForFrame(hub, /── setup: echo FROM THE HOOK ──[\s\S]*FROM THE HOOK/);
    // a handler that says no: not started, and why
    const hub2 = await startHub({
      home: tempHome({
        'user/hooks.lua':
          'hooks.on("before_worktree_create", function() return false, "no worktrees today" end)\n',
      }),
      agents: [],
    });
    hubs.track(hub2);
    expect(await hub2.lifecycle.spawn({ command: 'cat', cwd: repo, worktree: true })).toBeNull();
    expect(hub2.state.notice?.text).toMatch(/not started: \S*user\/hooks\.lua:1: no worktrees today/);
  });
});
