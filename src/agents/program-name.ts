import { basename } from 'node:path';
import { hasScriptExt, packageBin, scriptProgram } from './package-bin.js';
import { simpleCommands } from './shell-words.js';
import { bridged } from '../box/box-net.js';
import {
  BUNX_ARG,
  DENO_ARG,
  ENV_ARG,
  EXEC_ARG,
  interpreted,
  NICE_ARG,
  NODE_ARG,
  NPX_ARG,
  PERL_ARG,
  PYTHON_ARG,
  RUBY_ARG,
  set,
  skipOptions,
  SUDO_ARG,
  TIME_ARG,
  TIMEOUT_ARG,
  UVX_ARG,
} from './launcher-options.js';

// The name of the program an argv (or a command line) runs, seen through the launchers people put
// in front of agents: `env FOO=1 codex`, `npx @openai/codex@latest`, `node .../claude-code/cli.js`,
// `sudo`, `nice`, `sh -c '...'`. Adapters are matched on it, its CLI (and so its box) is found by
// it, and agents are named after it. A script an interpreter runs is a program only as what it is
// installed as (its package's bin, or an executable `#!` file of its own): `python3 agent.py` is
// python3, never the `agent` CLI because of a file's name. How each launcher's options read is
// launcher-options.ts.

/** What a script is as a program (its package's bin, an executable of its own), or null; see scriptProgram. */
export type BinLookup = (script: string) => string | null;

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const SHELLS = new Set(['sh', 'dash', 'bash', 'zsh', 'ksh', 'mksh', 'ash', 'fish']);

/** A program name that is a shell's. */
export const isShell = (name: string): boolean => SHELLS.has(name);

/**
 * An interactive shell's argv (`bash`, `-bash`, `bash --norc -l`): not a script's (`sh -c`,
 * `sh file`), whose `read` waits for an answer, not at a prompt.
 */
export function interactiveShell(argv: readonly string[]): boolean {
  if (!argv.length || !SHELLS.has(base(argv[0]))) return false;
  return !argv.slice(1).some((a) => !a.startsWith('-') || /^-[a-z]*c/.test(a));
}
const PYTHON = /^(?:python|pypy)\d*(?:\.\d+)?$/;

/** Basename of argv[0]; a login shell's `-bash` is bash. */
function base(word: string): string {
  return basename(word)
    .replace(/^-/, '')
    .replace(/\.exe$/i, '');
}

/** `npx [opts] pkg`, `pnpm dlx`, `yarn dlx`, `npm exec`: the package's bin, or `-c CMD`'s program. */
function packageRunner(name: string, args: readonly string[], binOf: BinLookup): string | string[] {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if ((a === '-c' || a === '--call') && i + 1 < args.length) return lineProgram(args[i + 1], binOf);
    if (a.startsWith('--call=')) return lineProgram(a.slice(7), binOf);
    if (a === '--' || !a.startsWith('-')) break;
    if (NPX_ARG.has(a)) i++;
  }
  const i = skipOptions(args, NPX_ARG);
  return i < args.length ? packageBin(args[i]) : name;
}

/** What a script runs as: its package's bin, or the program it is (BinLookup); null: the interpreter runs it. */
function scriptName(script: string, binOf: BinLookup): string | null {
  if (script.startsWith('npm:') || script.startsWith('jsr:')) return packageBin(script.slice(4));
  if (/^[a-z]+:\/\//.test(script)) return null; // (a URL: a file's name, not a program)
  try {
    return binOf(script);
  } catch {
    return null;
  }
}

type Step = string | string[] | null;

/** One launcher peeled off: the argv it runs (string[]), the final name (string), or null (it is the program). */
function unwrap(name: string, args: string[], binOf: BinLookup): Step {
  const after = (withArg: ReadonlySet<string>) => {
    const i = skipOptions(args, withArg);
    return i < args.length ? args.slice(i) : name;
  };
  switch (name) {
    // An agent's box (src/box/): what it runs comes after bubblewrap's own arguments and `--`.
    case 'bwrap': {
      const i = args.indexOf('--');
      return i >= 0 && i + 1 < args.length ? args.slice(i + 1) : name;
    }
    case 'env': {
      // `#!/usr/bin/env -S node --flag` arrives as one word "-S node --flag".
      const i = args.findIndex(
        (a) => a === '-S' || a.startsWith('-S') || a === '--split-string' || a.startsWith('--split-string='),
      );
      if (i >= 0 && i === skipOptions(args.slice(0, i), ENV_ARG)) {
        const a = args[i];
        const split =
          a === '-S' || a === '--split-string'
            ? (args[i + 1] ?? '')
            : a.replace(/^(?:-S|--split-string=)/, '');
        return [
          ...split.trim().split(/\s+/).filter(Boolean),
          ...args.slice(a === '-S' || a === '--split-string' ? i + 2 : i + 1),
        ];
      }
      return after(ENV_ARG);
    }
    case 'sudo':
    case 'doas':
      return after(SUDO_ARG);
    case 'nice': {
      const i = skipOptions(args, NICE_ARG);
      return i < args.length ? args.slice(i) : name;
    }
    case 'nohup':
      return after(set());
    case 'time':
      return after(TIME_ARG);
    case 'exec':
      return after(EXEC_ARG);
    case 'timeout': {
      const i = skipOptions(args, TIMEOUT_ARG) + 1; // then the duration
      return i < args.length ? args.slice(i) : name;
    }
    case 'npx':
    case 'pnpx':
      return packageRunner(name, args, binOf);
    case 'npm':
      return args[0] === 'exec' || args[0] === 'x' ? packageRunner(name, args.slice(1), binOf) : name;
    case 'pnpm':
    case 'yarn':
      if (args[0] === 'dlx') return packageRunner(name, args.slice(1), binOf);
      return args[0] === 'exec' && args.length > 1 ? args.slice(1) : name;
    case 'bunx': {
      const i = skipOptions(args, BUNX_ARG);
      return i < args.length ? packageBin(args[i]) : name;
    }
    case 'uvx':
    case 'pipx':
    case 'uv': {
      let rest = args;
      if (name === 'pipx' || name === 'uv') {
        if (name === 'uv' && rest[0] === 'tool' && rest[1] === 'run') rest = rest.slice(2);
        else if (rest[0] === 'run') rest = rest.slice(1);
        else return name;
        // `uv run CMD` runs a command or script of the project: go on with it.
        if (name === 'uv' && args[0] === 'run') {
          const i = skipOptions(rest, UVX_ARG);
          return i < rest.length ? rest.slice(i) : name;
        }
      }
      const i = skipOptions(rest, UVX_ARG);
      return i < rest.length ? packageBin(rest[i]) : name;
    }
    case 'node':
    case 'nodejs':
    case 'tsx':
    case 'ts-node':
      return script(
        name,
        interpreted(args, NODE_ARG, set('-e', '--eval', '-p', '--print', '-i', '--interactive')),
        binOf,
      );
    case 'bun':
      if (args[0] === 'x') return unwrap('bunx', args.slice(1), binOf);
      if (args[0] === 'run') args = args.slice(1);
      {
        const found = interpreted(
          args,
          set('--cwd', '-r', '--preload', '--config', '-c'),
          set('-e', '--eval', '-p', '--print'),
        );
        // `bun dev` runs a package.json script; only a path is a program we can name.
        if (found && 'script' in found && !found.script.includes('/') && !hasScriptExt(found.script))
          return name;
        return script(name, found, binOf);
      }
    case 'deno':
      if (args[0] !== 'run') return name;
      return script(name, interpreted(args.slice(1), DENO_ARG, set()), binOf);
    case 'ruby':
      return script(name, interpreted(args, RUBY_ARG, set('-e')), binOf);
    case 'perl':
      return script(name, interpreted(args, PERL_ARG, set('-e', '-E')), binOf);
    default:
      if (PYTHON.test(name)) return script(name, interpreted(args, PYTHON_ARG, set('-c'), '-m'), binOf);
      if (SHELLS.has(name)) return bridged(args) ?? (shellScript(args, binOf) || null);
      return null;
  }
}

function script(interpreter: string, found: ReturnType<typeof interpreted>, binOf: BinLookup): Step {
  if (!found) return interpreter;
  if ('module' in found) return found.module.split('.')[0];
  const name = scriptName(found.script, binOf);
  if (name === null) return interpreter;
  // Go on: the script may itself be a launcher (`node .../npx-cli.js @openai/codex`).
  return [name, ...found.rest];
}

/**
 * `sh -c 'FOO=1 codex'` (dash does not exec it), `bash -lc 'cd p && claude'`: the one program of
 * the script; null (the shell is the program) when not `-c` or the script runs several.
 */
function shellScript(args: readonly string[], binOf: BinLookup): string | null {
  let c = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--' || a === '-') return c && i + 1 < args.length ? soleProgram(args[i + 1], binOf) : null;
    if (/^[-+]o$/.test(a) || a === '-O' || a === '+O' || a === '--rcfile' || a === '--init-file') {
      i++;
      continue;
    }
    if (/^[-+][A-Za-z]+$/.test(a)) {
      if (a.startsWith('-') && a.includes('c')) c = true;
      continue;
    }
    if (a.startsWith('--')) continue;
    return c ? soleProgram(a, binOf) : null;
  }
  return null;
}

/** The program of a script that runs one, after setup (`cd p && exec claude`); null otherwise. */
function soleProgram(script: string, binOf: BinLookup): string | null {
  const names = simpleCommands(script)
    .map((words) => programName(words, binOf))
    .filter(Boolean);
  const real = names.filter((n) => !SETUP.has(n));
  return real.length === 1 && !SHELL_ONLY.has(real[0]) ? real[0] : null;
}

/**
 * The program an argv runs, seen through launchers (see the file comment). `binOf` tells a
 * script's bin name (default: its package.json, read once per script).
 */
export function programName(argv: readonly string[], binOf: BinLookup = scriptProgram): string {
  let words = [...argv];
  let last = '';
  // Bounded: each launcher peels at least one word, and a script could name itself like one.
  for (let guard = 0; guard < 16; guard++) {
    let i = 0;
    while (i < words.length && ASSIGNMENT.test(words[i])) i++;
    if (i >= words.length) return last;
    const name = base(words[i]);
    if (!name) return last;
    const step = unwrap(name, words.slice(i + 1), binOf);
    if (step === null) return name;
    if (typeof step === 'string') return step;
    last = name;
    words = step;
  }
  return last;
}

/** Shell builtins that set up before the real program (`cd ~/p && claude`). */
const SETUP = set(
  'cd',
  'pushd',
  'export',
  'source',
  '.',
  'set',
  'unset',
  'umask',
  'ulimit',
  'alias',
  'test',
  '[',
  'true',
  ':',
  'eval',
  'shopt',
  'trap',
);

/** Builtins that are the shell's own work, no program of their own (`sh -c 'exit 4'` runs sh). */
const SHELL_ONLY = set(
  'exit',
  'return',
  'read',
  'wait',
  'shift',
  'break',
  'continue',
  'false',
  'times',
  'jobs',
  'fg',
  'bg',
  'type',
  'hash',
);

/** The program a shell command line runs: of its simple commands, the first that is not setup. */
export function lineProgram(line: string, binOf: BinLookup = scriptProgram): string {
  const commands = simpleCommands(line);
  let first = '';
  for (const words of commands) {
    const name = programName(words, binOf);
    if (!name) continue;
    if (SHELL_ONLY.has(name)) continue;
    first ||= name;
    if (!SETUP.has(name)) return name;
  }
  return first;
}
