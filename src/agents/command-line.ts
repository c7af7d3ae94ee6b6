import { resolveCommand } from '../pty/resolve-command.js';
import { lineProgram, programName } from './program-name.js';
import { scriptProgram } from './package-bin.js';
import type { AgentSpec } from './types.js';
import { scanCommandLine } from './shell-words.js';

export { scanCommandLine };

export const SHELL = '/bin/sh';

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** The program a command line runs: its first word after leading `VAR=value` assignments. */
export function programOf(line: string): string | null {
  const { words } = scanCommandLine(line);
  return words.find((w) => !ASSIGNMENT.test(w)) ?? null;
}

/**
 * The program a spec runs, seen through launchers (`env FOO=1 codex`, `npx @openai/codex`,
 * `node .../claude-code/cli.js`, `cd ~/p && claude`): see program-name.ts (a script's path is read
 * in the spec's folder). '' for an empty command.
 */
export function specProgram(spec: AgentSpec): string {
  const binOf = (script: string) => scriptProgram(script, spec.cwd);
  return spec.args ? programName([spec.command, ...spec.args], binOf) : lineProgram(spec.command, binOf);
}

/** Default agent name: the program it runs, e.g. "python3 -c ..." -> "python3", "env FOO=1 codex" -> "codex". */
export function defaultName(spec: AgentSpec): string {
  return specProgram(spec) || 'agent';
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** What AgentInfo.command shows. */
export function displayCommand(spec: AgentSpec): string {
  return spec.args ? [spec.command, ...spec.args].map(quote).join(' ') : spec.command;
}

/**
 * argv for the PTY. With `args`: the program directly. Otherwise the line goes through
 * `sh -c`, prefixed with `exec` when it is one plain program found on PATH so that the agent's
 * pid, signals and exit code are the program's own (not for builtins, compound lines or
 * `VAR=x cmd`, where `exec` would change the meaning).
 */
export function buildArgv(
  spec: AgentSpec,
  cwd: string,
  pathVar: string | undefined,
): { file: string; args: string[]; viaShell: boolean } {
  if (spec.args) return { file: spec.command, args: [...spec.args], viaShell: false };
  const { words, control } = scanCommandLine(spec.command);
  const first = words[0];
  const plain =
    !control &&
    first !== undefined &&
    !ASSIGNMENT.test(first) &&
    resolveCommand(first, cwd, pathVar) !== null;
  return { file: SHELL, args: ['-c', plain ? `exec ${spec.command}` : spec.command], viaShell: true };
}

// Runs the setup command line ($1) in the agent's terminal, says how it went, and on success
// becomes the agent itself (exec: its pid, signals and exit code are the agent's own).
const SETUP_PRELUDE = [
  'printf \'\\033[2m── setup: %s ──\\033[0m\\n\' "$1"',
  '/bin/sh -c "$1"',
  'rc=$?',
  "if [ $rc -ne 0 ]; then printf '\\033[31m── setup failed (exit %s): the agent was not started ──\\033[0m\\n' $rc; exit $rc; fi",
  "printf '\\033[2m── setup done ──\\033[0m\\n'",
  'shift',
  'exec "$@"',
].join('\n');

/** argv that runs `setup` (a shell command line) first, then `argv` if setup exits 0. */
export function withSetup(
  setup: string,
  argv: { file: string; args: string[]; viaShell: boolean },
): { file: string; args: string[]; viaShell: boolean } {
  return {
    file: SHELL,
    args: ['-c', SETUP_PRELUDE, 'botster-setup', setup, argv.file, ...argv.args],
    viaShell: true,
  };
}
