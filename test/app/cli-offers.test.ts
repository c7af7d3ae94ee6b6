import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { realHome, tempRepo } from '../support/hub.js';
import { ptyEnv, run, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { hubCli } from '../support/cli.js';

// Every list of agent CLIs the hub offers offers only those installed here (issue 94): a newcomer
// with Claude Code and no Codex picked `codex` in worktree.new, which made a worktree and a branch,
// then exited 127. Now worktree.new offers what `c` does (your shell, your profiles whose CLI is
// installed, the agent CLIs found on PATH), and a start of a program that is not installed is
// refused before any worktree or branch is made, saying why.

const { running, homes } = stoppedAfterEach();
const fakeClis = path.join(path.dirname(fileURLToPath(import.meta.url)), '../support/fixtures/fake-cli');
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();

describe('the agent CLIs offered', () => {
  it('are the installed ones only, in worktree.new as in c; one not installed makes no worktree', async () => {
    const home = realHome('spaces');
    homes.push(home);
    const { repo } = tempRepo();
    // Claude Code installed (the fake), Codex not: PATH has no codex anywhere.
    const bin = path.join(path.dirname(home), 'bin');
    fs.mkdirSync(bin);
    for (const f of ['claude', 'common.cjs', 'package.json'])
      fs.copyFileSync(path.join(fakeClis, f), path.join(bin, f));
    fs.chmodSync(path.join(bin, 'claude'), 0o755);
    const PATH = `${bin}:${process.env.PATH}`;
    expect(PATH.split(':').some((d) => fs.existsSync(path.join(d, 'codex')))).toBe(false);
    // Your profiles: one runs Claude Code, one Codex.
    fs.mkdirSync(path.join(home, 'user'), { recursive: true });
    fs.writeFileSync(
      path.join(home, 'user', 'profiles.lua'),
      'profiles.define("mine", { command = "claude", args = { "--verbose" } })\n' +
        'profiles.define("cx", { command = "codex", args = { "--full-auto" } })\n',
    );
    const env = ptyEnv({
      PATH,
      SHELL: '/bin/sh',
      PS1: '$ ',
      BOTSTER_HOME: undefined,
      BOTSTER_SOCKET: undefined,
    });
    const r = run(['--home', home], 160, 30, { cwd: repo, env });
    running.push(r);
    await waitScreen(r, /\$ /);

    // worktree.new, from the palette: what `c` offers.
    r.pty.write('\x07:');
    await waitScreen(r, /Command palette|> /);
    r.pty.write('worktree.new');
    await waitScreen(r, /worktree\.new/);
    r.pty.write('\r');
    // (Claude Code is offered as your profile that runs it)
    const offered = await waitScreen(r, /New agent in a new worktree[\s\S]*mine +claude --verbose/);
    expect(offered).toMatch(/shell +\/bin\/sh/);
    expect(offered).not.toMatch(/codex|Codex|\bcx\b/);
    r.pty.write('\x1b');
    await waitScreen(r, /^(?![\s\S]*New agent in a new worktree)/);
    r.pty.write('\x07c');
    const dialog = await waitScreen(r, /New agent\b[\s\S]*mine +claude --verbose/);
    expect(dialog).not.toMatch(/codex|Codex|\bcx\b/);
    r.pty.write('\x1b');

    // Started anyway (a script, a profile typed by name): refused before git is asked for anything.
    const branches = git(repo, 'branch', '--format=%(refname:short)');
    for (const args of [
      ['new', '--worktree', '', '--', 'codex', '--full-auto'],
      ['new', '--profile', 'cx', '--worktree', 'try'],
    ]) {
      const refused = hubCli(home, [...args], { env: { PATH }, cwd: repo });
      expect(refused.status, refused.stdout).not.toBe(0);
      expect(refused.stderr).toMatch(
        /not started: codex is not installed \(no codex on your PATH\): no worktree or branch was made/,
      );
    }
    expect(git(repo, 'branch', '--format=%(refname:short)')).toBe(branches);
    expect(git(repo, 'worktree', 'list').split('\n')).toHaveLength(1);
    expect(fs.existsSync(`${repo}-worktrees`)).toBe(false);
  }, 60000);
});
