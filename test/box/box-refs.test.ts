import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ptyEnv, run, stoppedAfterEach, userCli, waitScreen } from '../support/cli-pty.js';
import { until } from '../support/wait.js';
import { boxedBash, cwdsOf, probesOf } from '../support/box-probes.js';

// Issue 93, item 8, from agents of a real hub (real bubblewrap): an agent in a worktree commits on its
// own branch, and tries to move main, another agent's branch and a tag, to delete one's ref file and
// its reflog. A boxed one commits and does nothing else; an unboxed one does all of it (so the test
// can fail).

const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;
const { running, dotHome } = stoppedAfterEach();

const PROBE = (common: string) => `
c='${common}'
try() { if "$2" >/dev/null 2>&1; then echo "$1:ok"; else echo "$1:no"; fi; }
p_commit() { git -c user.email=a@b -c user.name=a commit -q --allow-empty -m mine; }
p_main() { git update-ref refs/heads/main HEAD; }
p_other() { git update-ref refs/heads/other HEAD; }
p_tag() { git tag -f v1 HEAD; }
p_rm_ref() { rm "$c/refs/heads/$VICTIM"; }
p_rm_log() { rm "$c/logs/refs/heads/main"; }
p_new_tag() { git tag mine-tag; }
try commit p_commit
try move-main p_main
try move-other p_other
try move-tag p_tag
try delete-ref p_rm_ref
try delete-reflog p_rm_log
try new-tag p_new_tag
echo END
`;

describe.skipIf(!hasBwrap && !process.env.CI)('a boxed worktree agent moves its own branch only', () => {
  it(
    'it commits; main, a tag, another branch, a ref file and a reflog stay as they were',
    { timeout: 150000 },
    async () => {
      const home = dotHome();
      const user = path.dirname(home);
      const repo = path.join(user, 'shared repo');
      fs.mkdirSync(repo);
      const git = (...a: string[]) =>
        execFileSync('git', ['-C', repo, '-c', 'user.email=t@t', '-c', 'user.name=t', ...a], {
          encoding: 'utf8',
        }).trim();
      git('init', '-q', '-b', 'main');
      git('commit', '-q', '--allow-empty', '-m', 'one');
      git('branch', 'other');
      git('tag', 'v1');
      git('commit', '-q', '--allow-empty', '-m', 'two');
      const env = ptyEnv({ HOME: user, SHELL: '/bin/sh', PS1: '$ ' });
      const hub = run(['--home', home, '--agent', 'bash --norc --noprofile'], 120, 40, { env, cwd: user });
      running.push(hub);
      await waitScreen(hub, /Agents: 1/);
      // 2: boxed on botster/NAME (the hub's name), 3: boxed on a branch named by you (beside main),
      // 4: unboxed. Each attacks another agent's branch: 2 and 4 attack 3's, 3 attacks 2's.
      const starts: Array<[string, string[]]> = [
        ['default', ['--worktree', '', '--name', 'two']],
        ['default', ['--worktree', 'three']],
        ['off', ['--worktree', '', '--name', 'four']],
      ];
      for (const [box, more] of starts) boxedBash(home, repo, box, more);
      const cwdOf = cwdsOf(home);
      const branchOf = (id: string) => git('-C', cwdOf(id), 'symbolic-ref', '--short', 'HEAD');
      expect(branchOf('2')).toMatch(/^botster\//);
      expect(branchOf('3')).toBe('three');
      // (sandbox says which branch its box moves)
      const said = JSON.parse(userCli(home, ['sandbox', '2', '--json']).stdout) as {
        box: { branches: string[] };
      };
      expect(said.box.branches).toEqual([branchOf('2')]);
      const victims: Record<string, string> = { '2': branchOf('3'), '3': branchOf('2'), '4': branchOf('3') };
      const before = {
        main: git('rev-parse', 'main'),
        other: git('rev-parse', 'other'),
        v1: git('rev-parse', 'v1'),
      };
      const probe = async (ids: string[]) => {
        for (const id of ids) {
          fs.writeFileSync(path.join(cwdOf(id), 'probe.sh'), PROBE(path.join(repo, '.git')));
          userCli(home, [
            'send',
            id,
            `VICTIM=${victims[id]} sh ./probe.sh > probe.out 2>&1`,
            '--keys',
            'enter',
          ]);
        }
        for (const id of ids)
          await until(
            `agent ${id} probed`,
            () => fs.existsSync(out(id)) && /END/.test(fs.readFileSync(out(id), 'utf8')),
            90000,
          );
      };
      const out = (id: string) => path.join(cwdOf(id), 'probe.out');
      const all = ['move-main', 'move-other', 'move-tag', 'delete-ref', 'delete-reflog', 'new-tag'];
      // Boxed, on a branch of the hub's folder or beside main: its own commit lands, and nothing else
      // it did reaches the repository (what a box does to the copy it sees of its branch's folder
      // stays there; every other ref folder it sees read-only).
      await probe(['2', '3']);
      for (const id of ['2', '3']) expect(probesOf(out(id)).commit, id).toBe('ok');
      expect(probesOf(out('2'))['move-main']).toBe('no');
      const victimsNow = async () => {
        for (const id of ['2', '3']) expect(git('log', '-1', '--format=%s', branchOf(id))).toBe('mine');
      };
      await until('their commits carried to the repository', async () => {
        try {
          await victimsNow();
          return true;
        } catch {
          return false;
        }
      });
      expect([git('rev-parse', 'main'), git('rev-parse', 'other'), git('rev-parse', 'v1')]).toEqual([
        before.main,
        before.other,
        before.v1,
      ]);
      expect(git('tag', '--list', 'mine-tag')).toBe('');
      for (const log of ['main', branchOf('2'), 'three'])
        expect(fs.existsSync(path.join(repo, '.git', 'logs', 'refs', 'heads', log)), log).toBe(true);
      // (a second look, after the hub's copies had time to settle: still as it was)
      await new Promise((r) => setTimeout(r, 300));
      expect(git('rev-parse', 'main')).toBe(before.main);
      await victimsNow();
      // Unboxed: every one works (the probes can tell).
      await probe(['4']);
      expect(probesOf(out('4'))).toEqual({ commit: 'ok', ...Object.fromEntries(all.map((n) => [n, 'ok'])) });
      expect(git('rev-parse', 'main')).not.toBe(before.main);
    },
  );
});
