import { closeSync, existsSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';

// Package names to the binaries they install, from the spec (`npx @openai/codex@latest`) or from
// the package.json above a script (`node .../@anthropic-ai/claude-code/cli.js`).

/**
 * Packages whose binary is not their unscoped name, from the CLIs' Lua files (clis.define's
 * `packages`): the hub sets them on each configuration it accepts (setCliPackages).
 */
let knownPackages: ReadonlyMap<string, string> = new Map();

/** Package name -> the binary it installs, for every package a CLI's file names. */
export function setCliPackages(clis: ReadonlyArray<{ command: string; packages: readonly string[] }>): void {
  knownPackages = new Map(clis.flatMap((c) => c.packages.map((p) => [p, c.command] as const)));
}

const SCRIPT_EXT = /\.(?:[cm]?[jt]sx?|py|rb|pl)$/;

export function hasScriptExt(name: string): boolean {
  return SCRIPT_EXT.test(name);
}

/** A script's name without its .js/.mjs/.ts/.py/... extension. */
export function stripExt(name: string): string {
  return name.replace(SCRIPT_EXT, '');
}

/** The binary a package spec installs: `@openai/codex@latest` -> codex, `cowsay@1.2` -> cowsay. */
export function packageBin(spec: string): string {
  let s = spec.replace(/^npm:/, '');
  if (/^[a-z+]+:|^[./~]/.test(s)) return stripExt(basename(s.replace(/[#?].*$/, '').replace(/\/+$/, ''))); // URL, git or path
  const at = s.indexOf('@', s.startsWith('@') ? 1 : 0);
  if (at > 0) s = s.slice(0, at);
  s = s.replace(/\[.*$/, '').replace(/[=<>!~].*$/, ''); // python: aider-chat[extra]==0.5
  return knownPackages.get(s) ?? s.slice(s.lastIndexOf('/') + 1);
}

const binCache = new Map<string, string | null>();
const BIN_CACHE_MAX = 256;

/**
 * The bin name a script is installed as: the nearest package.json above it whose `bin` points at
 * it (`node .../@anthropic-ai/claude-code/cli.js` -> claude), or for a package inside
 * node_modules its known or only bin. Absolute paths only (a relative one depends on the
 * process's cwd). Read once per script and cached; null when it is no package's bin.
 */
export function scriptBin(script: string): string | null {
  if (!script.startsWith('/')) return null;
  const hit = binCache.get(script);
  if (hit !== undefined) return hit;
  const found = readBin(script);
  if (binCache.size >= BIN_CACHE_MAX) binCache.clear();
  binCache.set(script, found);
  return found;
}

/**
 * What a script an interpreter runs is as a program: the bin its package installs it as
 * (scriptBin), else its own file name when it is a program of its own, an executable file that
 * starts with `#!` (typed as `agent`, the kernel runs it as `python3 /usr/local/bin/agent`); null
 * for a script the interpreter was handed (`python3 agent.py`: python3 is the program). A
 * relative path is read in `cwd` (none given: it cannot be told, null).
 */
export function scriptProgram(script: string, cwd?: string): string | null {
  const at = isAbsolute(script) ? script : cwd ? resolve(cwd, script) : null;
  if (!at) return null;
  const bin = scriptBin(at);
  if (bin) return bin;
  let own = ownCache.get(at);
  if (own === undefined) {
    own = shebangProgram(at) ? basename(at) : null;
    if (ownCache.size >= BIN_CACHE_MAX) ownCache.clear();
    ownCache.set(at, own);
  }
  return own;
}

const ownCache = new Map<string, string | null>();
const head = Buffer.alloc(2);

/** An executable file (for its owner) whose first bytes are `#!`. */
function shebangProgram(file: string): boolean {
  try {
    const st = statSync(file);
    if (!st.isFile() || (st.mode & 0o111) === 0) return false;
    const fd = openSync(file, 'r');
    try {
      return readSync(fd, head, 0, 2, 0) === 2 && head.toString('latin1') === '#!';
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

function readBin(script: string): string | null {
  let real: string;
  try {
    real = realpathSync(script);
  } catch {
    return null;
  }
  let dir = dirname(real);
  for (let depth = 0; depth < 8 && basename(dir) !== 'node_modules'; depth++) {
    const file = resolve(dir, 'package.json');
    if (existsSync(file)) {
      let pkg: { name?: unknown; bin?: unknown };
      try {
        pkg = JSON.parse(readFileSync(file, 'utf8')) as typeof pkg;
      } catch {
        return null;
      }
      // A nested {"type": "module"} package.json (dist/) names nothing: look further up.
      if (typeof pkg.name === 'string') return binIn(pkg.name, pkg.bin, dir, real);
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}

function binIn(pkgName: string, bin: unknown, dir: string, real: string): string | null {
  const same = (p: unknown) => {
    if (typeof p !== 'string') return false;
    try {
      return realpathSync(resolve(dir, p)) === real;
    } catch {
      return false;
    }
  };
  // `"bin": "cli.js"` installs the package's unscoped name.
  if (typeof bin === 'string') return same(bin) ? packageBin(pkgName) : null;
  if (!bin || typeof bin !== 'object') return null;
  const entries = Object.entries(bin as Record<string, unknown>);
  const match = entries.find(([, p]) => same(p));
  if (match) return match[0];
  // Some other file of an installed package (e.g. a bundle the bin imports): the package's bin.
  if (!real.includes('/node_modules/')) return null;
  return knownPackages.get(pkgName) ?? (entries.length === 1 ? entries[0][0] : null);
}
