// botster-tui new follows the caller: the agent starts where the command was run, not where the hub
// server was started, and --worktree there either makes a worktree or starts nothing (exit 9).
// A real hub server process (started in a folder that is no git repository) and the real CLI.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempHome, until } from '../support/hub.js';
import { BIN, killServer } from '../support/cli-pty.js';
import { exec } from '../support/fleet.js';

interface Server {
  home: string;
  /** Where the server was started: a folder in no git repository. */
  hubDir: string;
  /** Runs the CLI in `cwd` against this home. */
  cli: (args: string[], cwd: string) => ReturnType<typeof exec>;
  agents: (cwd: string) => Promise<Array<{ id: string; name: string; cwd: string }>>;
}

const started: Array<{ home: string; child: ChildProcess }> = [];
afterEach(() => {
  for (const { home, child } of started.splice(0)) {
    killServer(home);
    child.kill('SIGKILL'); // (gone already after kill-server)
  }
});

/** A fresh base folder (with a space in its path) holding the home and the folders of a test. */
function base(): string {
  const dir = path.join(tempHome(), 'my work');
  fs.mkdirSync(dir);
  return fs.realpathSync(dir);
}

async function server(root: string, files: Record<string, string> = {}): Promise<Server> {
  const home = path.join(root, '.botster');
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(home, rel)), { recursive: true });
    fs.writeFileSync(path.join(home, rel), text);
  }
  const hubDir = path.join(root, 'hub started here');
  fs.mkdirSync(hubDir);
  const env = { BOTSTER_HOME: home };
  const serverEnv: NodeJS.ProcessEnv = { ...process.env, CI: 'true', ...env };
  delete serverEnv.BOTSTER_SOCKET;
  delete serverEnv.BOTSTER_AGENT_ID;
  const child = spawn(process.execPath, [BIN, 'server', '--home', home, '--agent', 'cat'], {
    cwd: hubDir,
    env: serverEnv,
    stdio: 'ignore',
  });
  started.push({ home, child });
  const cli = (args: string[], cwd: string) => exec(process.execPath, [BIN, ...args], env, { cwd });
  await until('the server answers', () => fs.existsSync(path.join(home, 'hub.sock')), 20000);
  const agents = async (cwd: string) => {
    const r = await cli(['agents', '--json'], cwd);
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout) as Array<{ id: string; name: string; cwd: string }>;
  };
  expect((await agents(hubDir)).map((a) => a.name)).toEqual(['cat']);
  return { home, hubDir, cli, agents };
}

/** A git repository with one commit, in a folder whose name has a space. */
function repoIn(root: string): string {
  const repo = path.join(root, 'the repo');
  fs.mkdirSync(repo);
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'init');
  return repo;
}

const gitOut = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();

describe('new runs where the caller is', () => {
  it('new --worktree from inside a repository (the hub started outside any): the agent runs in a new worktree of that repository', async () => {
    const root = base();
    const s = await server(root);
    const repo = repoIn(root);
    const made = await s.cli(
      [
        'new',
        '--name',
        'wt',
        '--worktree',
        'b',
        '--json',
        '--',
        'sh',
        '-c',
        'echo "ON $(git branch --show-current) IN $(pwd)"; exec cat',
      ],
      repo,
    );
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    const row = JSON.parse(made.stdout).agent;
    expect(row.cwd).toBe(path.join(root, 'the repo-worktrees', 'b'));
    const seen = await s.cli(
      ['wait', 'wt', '--until', 'output:^ON b IN .+$', '--timeout', '30', '--json'],
      repo,
    );
    expect(JSON.parse(seen.stdout).match).toBe(`ON b IN ${row.cwd}`);
    expect(gitOut(repo, 'worktree', 'list', '--porcelain')).toContain(`worktree ${row.cwd}\n`);
  }, 60000);

  it('new --worktree from a subfolder (reached through a symlink) runs in the same subfolder of the worktree; an untracked one falls back to its top', async () => {
    const root = base();
    const s = await server(root);
    const repo = repoIn(root);
    fs.mkdirSync(path.join(repo, 'src', 'sub'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'src', 'sub', 'file.txt'), 'x\n');
    execFileSync('git', ['-C', repo, 'add', '.'], { stdio: 'ignore' });
    execFileSync(
      'git',
      ['-C', repo, '-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-m', 'sub'],
      {
        stdio: 'ignore',
      },
    );
    fs.mkdirSync(path.join(repo, 'scratch')); // untracked: no such folder in a new worktree
    const link = path.join(root, 'link to sub');
    fs.symlinkSync(path.join(repo, 'src', 'sub'), link);
    const made = await s.cli(['new', '--name', 'deep', '--worktree', 'deep', '--json', '--', 'cat'], link);
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    expect(JSON.parse(made.stdout).agent.cwd).toBe(
      path.join(root, 'the repo-worktrees', 'deep', 'src', 'sub'),
    );
    const top = await s.cli(
      ['new', '--name', 'top', '--worktree', 'top', '--json', '--', 'cat'],
      path.join(repo, 'scratch'),
    );
    expect(top.status).toBe(0);
    expect(JSON.parse(top.stdout).agent.cwd).toBe(path.join(root, 'the repo-worktrees', 'top'));
  }, 60000);

  it('new without --cwd starts the agent in the caller folder (a profile without a folder too); --cwd and a profile folder say otherwise', async () => {
    const root = base();
    const elsewhere = path.join(root, 'some other folder');
    const profileDir = path.join(root, 'profile folder');
    fs.mkdirSync(elsewhere);
    fs.mkdirSync(profileDir);
    const s = await server(root, {
      'user/profiles.lua': [
        'profiles.define("plain", { command = "cat" })',
        `profiles.define("placed", { command = "cat", cwd = ${JSON.stringify(profileDir)} })`,
      ].join('\n'),
    });
    const cwdOf = async (args: string[]) => {
      const r = await s.cli(['new', '--json', ...args], elsewhere);
      expect({ args, stderr: r.stderr, status: r.status }).toEqual({ args, stderr: '', status: 0 });
      return JSON.parse(r.stdout).agent.cwd as string;
    };
    expect(await cwdOf(['--', 'sh', '-c', 'pwd; exec cat'])).toBe(elsewhere);
    expect(await cwdOf(['--profile', 'plain'])).toBe(elsewhere);
    expect(await cwdOf(['--profile', 'placed'])).toBe(profileDir);
    expect(await cwdOf(['--profile', 'placed', '--cwd', '.'])).toBe(elsewhere);
    expect(await cwdOf(['--cwd', '..', '--', 'cat'])).toBe(root);
    // The agent's shell is there too (not only the row).
    const seen = await s.cli(['read', '2'], elsewhere);
    expect(seen.stdout.split('\n')[0]).toBe(elsewhere);
  }, 60000);

  it('new --worktree outside any repository fails (exit 9, why on stderr) and starts nothing', async () => {
    const root = base();
    const s = await server(root);
    const plain = path.join(root, 'not a repo');
    fs.mkdirSync(plain);
    const r = await s.cli(['new', '--name', 'nope', '--worktree', 'x', '--', 'cat'], plain);
    expect(r.status).toBe(9);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `botster-tui new: not started: cannot make its worktree: ${plain} is not in a git repository\n`,
    );
    expect((await s.agents(plain)).map((a) => a.name)).toEqual(['cat']);
    const ls = await s.cli(['ls'], plain);
    expect(ls.stdout).not.toMatch(/nope/);
    expect(ls.stdout).toMatch(/1 agent\b/);
    // git refuses (a bad branch name): the same, with git's words.
    const bad = await s.cli(['new', '--name', 'nope', '--worktree', 'no..dots', '--', 'cat'], repoIn(root));
    expect(bad.status).toBe(9);
    expect(bad.stderr).toMatch(
      /^botster-tui new: not started: cannot make its worktree: git worktree add failed: .*not a valid branch name/,
    );
    expect((await s.agents(plain)).map((a) => a.name)).toEqual(['cat']);
  }, 60000);
});
