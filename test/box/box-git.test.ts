import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ptyEnv, run, stoppedAfterEach, userCli, waitScreen } from '../support/cli-pty.js';
import { until } from '../support/wait.js';
import { boxedBash, cwdsOf, probesOf } from '../support/box-probes.js';

// Issue 93, item 1, from inside agents of a real hub (real bubblewrap): each plants a program in its
// repository for git to run (core.fsmonitor, a post-checkout hook, a clean filter and a textconv; in a
// worktree, its .git link turned to a git dir of its own), then asks the hub for what runs git there:
// a review comment sent to itself (`review send --force`: the hub diffs), a new worktree
// (`new --worktree`), the worktrees list. A boxed agent cannot plant (its repository's config, hooks
// and link are read-only in its box); an unboxed one can (so the test can fail), and still the hub's
// git runs none of it: nothing notes that it ran, outside any box.

const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;
const { running, dotHome } = stoppedAfterEach();

const PROBE = (ran: string) => `
evil="$PWD/evil.sh"
printf '#!/bin/sh\\necho "$0 $*" >> "${ran}"\\ncat "$@" 2>/dev/null\\nexit 0\\n' > "$evil"; chmod +x "$evil"
try() { if "$2" >/dev/null 2>&1; then echo "$1:ok"; else echo "$1:no"; fi; }
q="'$evil'"
p_fsmonitor() { git config core.fsmonitor "$q"; }
p_hook() { cp "$evil" .git/hooks/post-checkout && chmod +x .git/hooks/post-checkout; }
p_filter() { git config filter.evil.clean "$q" && git config diff.evil.textconv "$q" && echo '*.txt filter=evil diff=evil' > .gitattributes; }
p_link() { [ -f .git ] && printf 'gitdir: %s/own.git\\n' "$PWD" > .git; }
if [ -f .git ]; then try link p_link; else try fsmonitor p_fsmonitor; try hook p_hook; try filter p_filter; fi
botster-tui review comment "$BOTSTER_AGENT_ID" a.txt:1 look > comment.out 2>&1
botster-tui review send "$BOTSTER_AGENT_ID" --force > send.out 2>&1
botster-tui new --no-focus --worktree '' -- sh -c 'sleep 60' > new.out 2>&1
botster-tui worktrees > worktrees.out 2>&1
echo END
`;

function repo(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const git = (...a: string[]) => execFileSync('git', ['-C', dir, ...a], { stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(dir, 'a.txt'), 'one\n');
  git('add', '.');
  git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'one');
  fs.writeFileSync(path.join(dir, 'a.txt'), 'two\n');
}

describe.skipIf(!hasBwrap && !process.env.CI)(
  "what an agent plants in its repository, the hub's git never runs",
  () => {
    it(
      'a box cannot plant it; what an unboxed agent planted the hub runs none of',
      { timeout: 150000 },
      async () => {
        const home = dotHome();
        const user = path.dirname(home);
        const outside = path.join(user, 'outside');
        fs.mkdirSync(outside);
        const ran = path.join(outside, 'ran');
        const [boxed, open] = [path.join(user, 'boxed repo'), path.join(user, 'open repo')];
        repo(boxed);
        repo(open);
        const env = ptyEnv({ HOME: user, SHELL: '/bin/sh', PS1: '$ ' });
        const hub = run(['--home', home, '--agent', 'bash --norc --noprofile'], 120, 40, { env, cwd: user });
        running.push(hub);
        await waitScreen(hub, /Agents: 1/);
        // 2 boxed, 3 unboxed, each in its repository; 4 boxed, 5 unboxed, each in a worktree of it.
        const starts: Array<[string, string, string[]]> = [
          [boxed, 'default', []],
          [open, 'off', []],
          [boxed, 'default', ['--worktree', 'wt-boxed']],
          [open, 'off', ['--worktree', 'wt-open']],
        ];
        for (const [dir, box, wt] of starts) boxedBash(home, dir, box, wt);
        const cwdOf = cwdsOf(home);
        for (const id of ['2', '3', '4', '5']) {
          const dir = cwdOf(id);
          fs.writeFileSync(path.join(dir, 'probe.sh'), PROBE(ran));
          // (a worktree's a.txt is as committed: the review needs a changed line there too)
          fs.writeFileSync(path.join(dir, 'a.txt'), `changed in ${id}\n`);
          userCli(home, ['send', id, 'sh ./probe.sh > probe.out 2>&1', '--keys', 'enter']);
        }
        const out = (id: string) => path.join(cwdOf(id), 'probe.out');
        for (const id of ['2', '3', '4', '5'])
          await until(
            `agent ${id} probed`,
            () => fs.existsSync(out(id)) && /END/.test(fs.readFileSync(out(id), 'utf8')),
            90000,
          );
        // The unboxed agents planted every one (the test can tell), the boxed ones none.
        expect(probesOf(out('3'))).toEqual({ fsmonitor: 'ok', hook: 'ok', filter: 'ok' });
        expect(probesOf(out('5'))).toEqual({ link: 'ok' });
        expect(probesOf(out('2'))).toEqual({ fsmonitor: 'no', hook: 'no', filter: 'no' });
        expect(probesOf(out('4'))).toEqual({ link: 'no' });
        // Each asked the hub for git's work, and got it.
        for (const id of ['2', '3', '4']) {
          const dir = cwdOf(id);
          expect(fs.readFileSync(path.join(dir, 'comment.out'), 'utf8')).not.toMatch(/error|refused/i);
          expect(fs.readFileSync(path.join(dir, 'new.out'), 'utf8'), id).toMatch(/^id:\d+/);
        }
        // Nothing it planted ran outside a box (the hub diffed, made worktrees and listed them).
        expect(fs.existsSync(ran) ? fs.readFileSync(ran, 'utf8') : '').toBe('');
        // What plain git does with the unboxed agent's plants: it runs them.
        execFileSync('git', ['-C', open, 'status', '--porcelain'], { env: { ...process.env, HOME: user } });
        expect(fs.readFileSync(ran, 'utf8')).toContain('evil.sh');
      },
    );
  },
);
