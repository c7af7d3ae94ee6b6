// Plugins to install in tests: a git repository with a bare copy to add from (file://, no network),
// versions committed to it, and the real CLI run on a home.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { hubCli } from './cli.js';

export interface PluginRepo {
  /** The work tree versions are committed in. */
  work: string;
  /** What `plugin add` takes (a file:// URL of the bare copy; the folder's name has a space). */
  url: string;
  /** Writes these files (manifest included) and pushes a commit; answers its hash. */
  commit(files: Record<string, string>, message?: string): string;
}

export const manifest = (name: string, version: string, capabilities: string[]) =>
  JSON.stringify({ name, version, description: `${name} for tests`, capabilities });

/** A status.right piece showing `text`, with a command and a key (pieces, commands, keys). */
export const pieceLua = (name: string, text: string) => `
layout.piece("status.right", "${name}", function(app) return "${text}" end)
commands.register("${name}.hello", function(app) app:notify("${name} says hello", "info") end, { desc = "hello" })
keys.bind("normal", "t", "${name}.hello", { desc = "say hello" })
`;

export function pluginRepo(): PluginRepo {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-plugin src-'));
  const work = path.join(root, 'work');
  const bare = path.join(root, 'remote copy.git');
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', work, '-c', 'user.email=t@t', '-c', 'user.name=t', ...args], {
      encoding: 'utf8',
    }).trim();
  fs.mkdirSync(work);
  git('init', '-q', '-b', 'main');
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare]);
  git('remote', 'add', 'origin', bare);
  return {
    work,
    url: `file://${bare}`,
    commit(files, message = 'version') {
      for (const [rel, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(work, rel)), { recursive: true });
        fs.writeFileSync(path.join(work, rel), text);
      }
      git('add', '-A');
      git('commit', '-q', '-m', message);
      git('push', '-q', 'origin', 'main');
      return git('rev-parse', 'HEAD');
    },
  };
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The real CLI on `home` (no terminal: grants are said with --grant). */
export function cli(
  home: string,
  args: string[],
  env: Record<string, string | undefined> = {},
  cwd?: string,
): CliRun {
  const r = hubCli(home, args, { env, cwd, timeout: 60000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The lock's entry for `name` (null: none). */
export function lockEntry(home: string, name: string): Record<string, unknown> | null {
  try {
    const lock = JSON.parse(fs.readFileSync(path.join(home, 'plugins', 'lock.json'), 'utf8'));
    return lock.plugins[name] ?? null;
  } catch {
    return null;
  }
}

/** A headless frame of the home (snapshot: a hub of its own, no server), after `keys`. */
export function frame(home: string, keys?: string): string {
  return cli(home, [
    'snapshot',
    '--agent',
    "sh -c 'sleep 5'",
    '--wait',
    '200',
    ...(keys ? ['--keys', keys] : []),
  ]).stdout;
}

/** Its status bar (the last line). */
export function statusBar(home: string): string {
  const lines = frame(home).trimEnd().split('\n');
  return lines[lines.length - 1] ?? '';
}
