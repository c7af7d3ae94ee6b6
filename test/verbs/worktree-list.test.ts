// `botster-tui worktrees [prune]` against a real hub and real git: of the worktrees the hub made,
// the squash-merged and the rebased-in ones go (their branches stay), the unmerged, the dirty, the
// one an agent works in and one you made yourself stay, each saying why; --park commits a dirty
// one as wip: on its branch before it goes. No commit is lost.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempRepo, until, waitForFrame } from '../support/hub.js';
import { fleetHubs } from '../support/fleet.js';

const hubWithSocket = fleetHubs();
const ID = ['-c', 'user.email=t@t', '-c', 'user.name=t'];
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, ...ID, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();

interface Item {
  path: string;
  branch: string | null;
  action: string;
  why: string;
  made: boolean;
  bytes: number;
}

describe('worktrees prune', () => {
  it('removes only the merged (by content), clean, unheld worktrees the hub made; parks a dirty one when asked', async () => {
    const { repo } = tempRepo();
    fs.writeFileSync(path.join(repo, 'a.txt'), 'one\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'start');
    const h = await hubWithSocket([]);
    const commit = (file: string, text: string) =>
      `printf '${text}\\n' > ${file} && git ${ID.join(' ')} add ${file} && git ${ID.join(' ')} commit -qm '${file}'`;
    const work: Record<string, string> = {
      sq: `${commit('s1.txt', 'squash one')} && ${commit('s2.txt', 'squash two')}`,
      rb: commit('r.txt', 'rebased'),
      un: commit('u.txt', 'unmerged'),
      dirty: `printf 'not committed\\n' > d.txt`,
    };
    const dirs: Record<string, string> = {};
    for (const [name, script] of Object.entries(work)) {
      const made = await h.cli([
        'new',
        '--name',
        name,
        '--cwd',
        repo,
        '--worktree',
        '',
        '--json',
        '--',
        'sh',
        '-c',
        `${script} && echo DONE-${name}`,
      ]);
      expect(made.stderr).toBe('');
      dirs[name] = JSON.parse(made.stdout).agent.cwd as string;
      await until(`${name} done`, async () => /DONE-/.test((await h.cli(['read', name])).stdout), 20000);
    }
    // One an agent works in (clean, nothing of its own: it would go if nobody held it).
    const held = await h.cli([
      'new',
      '--name',
      'held',
      '--cwd',
      repo,
      '--worktree',
      '',
      '--json',
      '--',
      'sh',
    ]);
    dirs.held = JSON.parse(held.stdout).agent.cwd as string;
    // One of yours.
    const mine = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'botster-mine ')), 'mine-wt');
    git(repo, 'worktree', 'add', '-q', '-b', 'mine', mine);
    // Merged into main by content: squashed, and the other rebased (cherry-picked: new commits).
    git(repo, 'merge', '--squash', '-q', 'botster/sq');
    git(repo, 'commit', '-q', '-m', 'squashed sq');
    git(repo, 'cherry-pick', 'botster/rb');
    const tips = Object.fromEntries(
      ['sq', 'rb', 'un', 'dirty', 'held'].map((n) => [n, git(repo, 'rev-parse', `botster/${n}`)]),
    );

    const list = await h.cli(['worktrees', '--json']);
    expect(list.stderr).toBe('');
    const plan = JSON.parse(list.stdout) as { done: boolean; worktrees: Item[]; says: string };
    const fate = (items: Item[]) => Object.fromEntries(items.map((i) => [i.branch, i.action]));
    expect(plan.done).toBe(false);
    expect(fate(plan.worktrees)).toEqual({
      'botster/sq': 'remove',
      'botster/rb': 'remove',
      'botster/un': 'keep',
      'botster/dirty': 'keep',
      'botster/held': 'keep',
      mine: 'keep',
    });
    const why = (items: Item[], b: string) => items.find((i) => i.branch === b)!.why;
    expect(why(plan.worktrees, 'botster/un')).toMatch(
      /botster\/un has commits whose changes are not in main/,
    );
    expect(why(plan.worktrees, 'botster/dirty')).toMatch(/1 uncommitted file \(--park/);
    expect(why(plan.worktrees, 'botster/held')).toMatch(/agent \d+ \(held\) works there/);
    expect(why(plan.worktrees, 'mine')).toMatch(/not made by the hub/);
    expect(plan.worktrees.find((i) => i.branch === 'botster/sq')!.bytes).toBeGreaterThan(0);
    expect(plan.says).toMatch(
      /would remove 2 of 6 \(freeing \d+ \S+\), keep 4 \(botster-tui worktrees prune does it\)$/,
    );

    // --dry-run changes nothing; with --park the dirty one would be parked.
    const dry = JSON.parse((await h.cli(['worktrees', 'prune', '--dry-run', '--park', '--json'])).stdout) as {
      worktrees: Item[];
    };
    expect(fate(dry.worktrees)['botster/dirty']).toBe('park');
    for (const d of Object.values(dirs)) expect(fs.existsSync(d)).toBe(true);

    const run = await h.cli(['worktrees', 'prune']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/removed 2 of 6 \(freed \d+ \S+\), kept 4\n?$/);
    expect(fs.existsSync(dirs.sq)).toBe(false);
    expect(fs.existsSync(dirs.rb)).toBe(false);
    for (const n of ['un', 'dirty', 'held']) expect(fs.existsSync(dirs[n])).toBe(true);
    expect(fs.existsSync(mine)).toBe(true);
    // Their agents, still listed (exited), no longer show a worktree.
    const rows = JSON.parse((await h.cli(['agents', '--json'])).stdout) as Array<{
      name: string;
      worktree?: unknown;
    }>;
    expect(rows.find((a) => a.name === 'sq')?.worktree).toBeUndefined();
    expect(rows.find((a) => a.name === 'un')?.worktree).toBeDefined();

    const parked = await h.cli(['worktrees', 'prune', '--park']);
    expect(parked.stdout).toMatch(/parked\+removed +\S+.*botster-dirty/);
    expect(fs.existsSync(dirs.dirty)).toBe(false);
    expect(git(repo, 'log', '-1', '--format=%s', 'botster/dirty')).toMatch(/^wip: /);
    expect(git(repo, 'show', 'botster/dirty:d.txt')).toBe('not committed');
    // Every branch and commit is still there.
    for (const [n, tip] of Object.entries(tips))
      expect(git(repo, 'merge-base', '--is-ancestor', tip, `botster/${n}`)).toBe('');
    expect(fs.existsSync(dirs.un) && fs.existsSync(dirs.held)).toBe(true);
  }, 120000);

  it("a worktree the hub removed itself is listed no more; one whose folder went by hand is forgotten; the count uses the lines' words", async () => {
    // Issue 94, item 10: one the hub removed (the offer's remove, finish, discard) stayed in its
    // record and came back as "forget", counted among "(N kept)".
    const { repo } = tempRepo();
    fs.writeFileSync(path.join(repo, 'a.txt'), 'one\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'start');
    const h = await hubWithSocket([]);
    const inWorktree = async (name: string, ...command: string[]) => {
      const made = await h.cli([
        'new',
        '--name',
        name,
        '--cwd',
        repo,
        '--worktree',
        '',
        '--json',
        '--',
        ...command,
      ]);
      expect(made.stderr).toBe('');
      return JSON.parse(made.stdout).agent.cwd as string;
    };
    const state = async (name: string) =>
      (JSON.parse((await h.cli(['agents', '--json'])).stdout) as Array<{ name: string; state: string }>).find(
        (a) => a.name === name,
      )?.state;
    // It exits clean: the hub offers to remove it, and does.
    const offered = await inWorktree('offered', 'true');
    await until('offered exited', async () => (await state('offered')) === 'exited', 20000);
    await until('it is on offer', () => h.hub.state.facts.offers.some((o) => o.path === offered), 20000);
    expect((await h.cli(['run', 'worktree.remove', '--yes'])).status).toBe(0);
    await until('removed', () => !fs.existsSync(offered), 20000);
    // Finished (merged) and discarded.
    const finished = await inWorktree(
      'finished',
      'sh',
      '-c',
      `echo f > f.txt && git ${ID.join(' ')} add f.txt && git ${ID.join(' ')} commit -qm f && exec cat`,
    );
    await until(
      'finished committed',
      () => git(repo, 'log', '-1', '--format=%s', 'botster/finished') === 'f',
      20000,
    );
    expect((await h.cli(['run', 'worktree.finish', '--agent', 'finished', '--yes'])).status).toBe(0);
    const discarded = await inWorktree('discarded', 'cat');
    expect((await h.cli(['run', 'worktree.discard', '--agent', 'discarded', '--yes'])).status).toBe(0);
    await until('finished and discarded', () => !fs.existsSync(finished) && !fs.existsSync(discarded), 20000);
    // One whose folder you removed by hand, and one an agent works in.
    const byHand = await inWorktree('byhand', 'true');
    await until('byhand exited', async () => (await state('byhand')) === 'exited', 20000);
    fs.rmSync(byHand, { recursive: true, force: true });
    const held = await inWorktree('held', 'cat');

    const lines = (await h.cli(['worktrees'])).stdout.trim().split('\n');
    expect(lines.filter((l) => /botster-(offered|finished|discarded)/.test(l))).toEqual([]);
    expect(lines).toContain(`forget  ${byHand}: its folder is gone`);
    expect(lines.find((l) => l.includes(held))).toMatch(/^keep {4}\S+: agent \d+ \(held\) works there$/);
    expect(lines.at(-1)).toBe(
      'would remove none of 2, forget 1, keep 1 (botster-tui worktrees prune does it)',
    );

    const pruned = (await h.cli(['worktrees', 'prune'])).stdout.trim().split('\n');
    expect(pruned).toContain(`forgot  ${byHand}: its folder is gone`);
    expect(pruned.at(-1)).toBe('removed none of 2, forgot 1, kept 1');
    const after = (await h.cli(['worktrees'])).stdout.trim().split('\n');
    expect(after).toEqual([
      expect.stringMatching(/^keep {2}\S+: agent \d+ \(held\) works there$/),
      'would remove none of 1, keep 1',
    ]);
    const recorded = JSON.parse(fs.readFileSync(path.join(h.home, 'worktrees.json'), 'utf8')) as {
      worktrees: Array<{ path: string }>;
    };
    expect(recorded.worktrees.map((w) => w.path)).toEqual([held]);
  }, 120000);

  it('settings.worktree_prune = "start" prunes once as the hub starts; a wrong value is an error naming its line', async () => {
    const { repo } = tempRepo();
    fs.writeFileSync(path.join(repo, 'a.txt'), 'one\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'start');
    // One a hub made before (nothing on its branch: in main already).
    const wt = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'botster-old ')), 'old-wt');
    git(repo, 'worktree', 'add', '-q', '-b', 'botster/old', wt);
    const made = {
      version: 1,
      worktrees: [{ path: wt, branch: 'botster/old', repo, base: 'main', made: '2026-01-01T00:00:00.000Z' }],
    };
    // (as a hub starts: with its first agent)
    const h = await hubWithSocket([{ command: 'cat' }], {
      'user/hooks.lua': 'settings.worktree_prune = "start"\n',
      'worktrees.json': JSON.stringify(made),
    });
    await until('pruned at start', () => !fs.existsSync(wt), 20000);
    await waitForFrame(h.hub, /worktrees prune: removed 1 of 1/);
    expect(git(repo, 'rev-parse', '--verify', 'botster/old')).toMatch(/^[0-9a-f]{40}$/);
    expect(JSON.parse(fs.readFileSync(path.join(h.home, 'worktrees.json'), 'utf8')).worktrees).toEqual([]);

    const bad = await hubWithSocket([], { 'user/hooks.lua': 'settings.worktree_prune = "daily"\n' });
    await waitForFrame(
      bad.hub,
      /user\/hooks\.lua:1: settings\.worktree_prune must be false, "start" or a\s+number of hours, got "daily"/,
    );
  }, 60000);
});
