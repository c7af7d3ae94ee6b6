// Where a plugin comes from and how its files are fetched: a git repository (any URL git takes,
// file:// included, or github:owner/repo), an npm package (npm:NAME[@VERSION] of the registry, or a
// packed .tgz), or a folder used in place. Fetching happens only when the user adds, updates or
// restores one, and runs nothing of the plugin's: no package script (source-checks.ts says why).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { PluginKind } from './lock.js';
import { gitUrlProblem, npmSpecProblem, refProblem } from './source-checks.js';

const run = promisify(execFile);

export interface PluginSource {
  kind: PluginKind;
  /** git: the URL to clone; npm: the package spec without a version; folder: its absolute path. */
  location: string;
  /** A branch, tag or commit (git); a version or range (npm). */
  ref?: string;
}

/**
 * Who names a source: you (`plugin add`, the palette, settings.plugins), an index's entry, or an
 * agent's ask. An index offers git sources and registry packages; an agent those and folders (the
 * hub copies them when it asks): a tarball is yours only.
 */
export type SourceBy = 'you' | 'index' | 'agent';

/** `SOURCE[@REF]` as the user typed it; a relative folder is taken from `cwd`. */
export function parseSource(text: string, cwd: string, by: SourceBy = 'you'): PluginSource {
  const src = readSource(text, cwd);
  const offers =
    by === 'index'
      ? 'an index lists git sources and npm packages of the registry'
      : 'an agent offers git sources, npm packages of the registry and folders';
  if (by !== 'you' && src.kind === 'npm' && src.location.startsWith('/'))
    throw new Error(`${text.trim()}: a packed tarball is yours to add, not offered (${offers})`);
  if (by === 'index' && src.kind === 'folder')
    throw new Error(`${text.trim()}: a folder is yours to add, not offered (${offers})`);
  if (src.ref) {
    const no = refProblem(src.ref);
    if (no) throw new Error(no);
  }
  return src;
}

function readSource(text: string, cwd: string): PluginSource {
  const s = text.trim();
  if (!s) throw new Error('no source given (a git URL, github:owner/repo, npm:NAME or a folder)');
  // The ref is what follows the last @ after the last / or : (git@host:o/r stays whole).
  const split = (t: string): [string, string | undefined] => {
    const at = t.lastIndexOf('@');
    return at > Math.max(t.lastIndexOf('/'), t.lastIndexOf(':'))
      ? [t.slice(0, at), t.slice(at + 1)]
      : [t, undefined];
  };
  if (s.startsWith('npm:')) {
    const spec = s.slice(4);
    if (/\.t(ar\.)?gz$/.test(spec) && !/^[a-z+]+:/.test(spec))
      return { kind: 'npm', location: path.resolve(cwd, expand(spec)) };
    const no = npmSpecProblem(spec);
    if (no) throw new Error(no);
    // @scope/name@1.2: the version is after the last @ that is not the scope's.
    const at = spec.lastIndexOf('@');
    return at > 0
      ? { kind: 'npm', location: spec.slice(0, at), ref: spec.slice(at + 1) }
      : { kind: 'npm', location: spec };
  }
  if (s.startsWith('github:')) {
    const [repo, ref] = split(s.slice(7));
    if (!/^[\w.-]+\/[\w.-]+$/.test(repo)) throw new Error(`${s}: expected github:owner/repo`);
    return {
      kind: 'git',
      location: `https://github.com/${repo.replace(/\.git$/, '')}.git`,
      ...(ref ? { ref } : {}),
    };
  }
  if (/^(https?|ssh|git|file):\/\//.test(s) || /^git@/.test(s) || s.startsWith('git+')) {
    const [url, ref] = split(s.replace(/^git\+/, ''));
    const no = gitUrlProblem(url);
    if (no) throw new Error(no);
    return { kind: 'git', location: url, ...(ref ? { ref } : {}) };
  }
  const dir = path.resolve(cwd, expand(s));
  if (!fs.existsSync(dir))
    throw new Error(`${s}: no such folder (and not a git URL, github:owner/repo or npm:NAME)`);
  if (/\.t(ar\.)?gz$/.test(dir)) return { kind: 'npm', location: dir };
  return { kind: 'folder', location: fs.realpathSync(dir) };
}

function expand(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;
}

/** git, with why it failed in its own words. */
export async function git(args: string[], cwd?: string): Promise<string> {
  try {
    const { stdout } = await run('git', args, {
      ...(cwd ? { cwd } : {}),
      maxBuffer: 64 * 1024 * 1024,
      // Never a prompt for a password: this runs from the hub too.
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: 'echo' },
    });
    return stdout.trim();
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    const why = (e.stderr ?? '').trim().split('\n').filter(Boolean).pop() ?? e.message;
    throw new Error(`git ${args[0] === '--git-dir' ? args[2] : args[0]}: ${why}`);
  }
}

/** A bare copy of a repository (all its branches and tags), to take versions from offline. */
export async function cloneBare(url: string, into: string): Promise<void> {
  sureUrl(url);
  await git(['clone', '--bare', '--quiet', '--', url, into]);
}

/** Brings a bare copy up to date with where it came from. */
export async function fetchBare(bare: string, url: string): Promise<void> {
  sureUrl(url);
  await git([
    '--git-dir',
    bare,
    'fetch',
    '--quiet',
    '--force',
    '--tags',
    '--',
    url,
    '+refs/heads/*:refs/heads/*',
  ]);
}

/** (again where git runs: a lock's source is not read through parseSource) */
function sureUrl(url: string): void {
  const no = gitUrlProblem(url);
  if (no) throw new Error(no);
}

/** The commit a ref names in a bare copy (default: what HEAD follows). */
export async function commitOf(bare: string, ref?: string): Promise<string> {
  if (ref && refProblem(ref)) throw new Error(refProblem(ref)!);
  try {
    return await git(['--git-dir', bare, 'rev-parse', '--verify', '--quiet', `${ref ?? 'HEAD'}^{commit}`]);
  } catch {
    throw new Error(`no ${ref ? `branch, tag or commit "${ref}"` : 'default branch'} in the repository`);
  }
}

/** A commit's files, written into `dir` (made; no .git). */
export async function checkoutInto(bare: string, commit: string, dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const tar = path.join(path.dirname(dir), `${path.basename(dir)}.tar`);
  try {
    await git(['--git-dir', bare, 'archive', '--format=tar', '-o', tar, commit]);
    await run('tar', ['-xf', tar, '-C', dir]);
  } finally {
    fs.rmSync(tar, { force: true });
  }
}

/**
 * An npm package (a spec of the registry, or a .tgz's absolute path) unpacked into `dir`; answers
 * its version. npm runs no script of it (--ignore-scripts), and is given nothing it would build.
 */
export async function npmInto(spec: string, dir: string): Promise<string> {
  const tarball = path.isAbsolute(spec) && /\.t(ar\.)?gz$/.test(spec);
  const no = tarball ? null : npmSpecProblem(spec);
  if (no) throw new Error(no);
  const work = `${dir}.pack`;
  fs.mkdirSync(work, { recursive: true });
  try {
    let out: string;
    try {
      const args = ['pack', '--ignore-scripts', '--json', '--silent', '--pack-destination', work];
      ({ stdout: out } = await run('npm', [...args, '--', spec], {
        cwd: work,
        maxBuffer: 16 * 1024 * 1024,
      }));
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      const why =
        (e.stderr ?? '')
          .trim()
          .split('\n')
          .filter((l) => /error/i.test(l))
          .pop() ?? e.message;
      throw new Error(`npm pack ${spec}: ${why}`);
    }
    const [info] = JSON.parse(out) as Array<{ version: string }>;
    const tgz = fs.readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error(`npm pack ${spec}: no tarball came out`);
    fs.mkdirSync(dir, { recursive: true });
    await run('tar', ['-xzf', path.join(work, tgz), '-C', dir, '--strip-components=1']);
    return info.version;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
