import type { PtyExit, PtyProcess, PtySource } from '../pty/pty-process.js';
import { resolveCommand } from '../pty/resolve-command.js';
import { boxedArgv } from '../box/box-runner.js';
import { boxPlace } from '../box/box-place.js';
import { buildArgv, programOf, scanCommandLine, specProgram, withSetup } from './command-line.js';
import type { AgentSpec } from './types.js';

/** A started agent's PTY, the container it runs in (a box of runner podman), and how it was run. */
export type Spawned =
  { pty: PtyProcess; container: string | null; viaShell: boolean } | { error: string; viaShell: boolean };

/**
 * Starts an agent's command on a PTY: its argv (through a shell where the command needs one, after
 * the setup lines if any), in its box (src/box/) if it has one. One that cannot start (an empty
 * command, a box that cannot be made) starts nothing and says why.
 */
export function spawnAgent(
  ptys: PtySource,
  o: {
    id: string;
    spec: AgentSpec;
    cwd: string;
    env: Record<string, string>;
    cols: number;
    rows: number;
    setup?: string;
  },
): Spawned {
  if (o.spec.command.trim() === '') return { error: 'cannot start: empty command', viaShell: false };
  const plain = buildArgv(o.spec, o.cwd, o.env.PATH);
  const argv = o.setup ? withSetup(o.setup, plain) : plain;
  try {
    const run = o.spec.box
      ? boxedArgv(o.spec.box, boxPlace(o.cwd, o.env, specProgram(o.spec)), argv, o.env.PATH, {
          id: o.id,
          env: o.env,
          set: Object.keys(o.spec.env ?? {}),
        })
      : argv;
    const pty = ptys.spawn({
      file: run.file,
      args: run.args,
      cwd: o.cwd,
      // (a box's own: what of the agent's environment it lets in)
      env: 'env' in run && run.env ? run.env : o.env,
      cols: o.cols,
      rows: o.rows,
    });
    const container = 'container' in run && run.container ? run.container : null;
    return { pty, container, viaShell: plain.viaShell };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err), viaShell: plain.viaShell };
  }
}

/**
 * Why a started agent's child exited, if it says: the PTY layer's reason, or, for a command run
 * through a shell that answered 127, the program it could not find.
 */
export function exitError(
  e: PtyExit,
  run: { viaShell: boolean; command: string; cwd: string; PATH?: string },
): string | null {
  if (run.viaShell && e.exitCode === 127 && e.signal === null) {
    const program = programOf(run.command);
    if (program && !resolveCommand(program, run.cwd, run.PATH)) return `command not found: ${program}`;
  }
  return e.reason || null;
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
/** sh's own words a line may begin with: what they run is not a program on PATH. */
const SH_WORDS = new Set(
  'if for while until case { ( ! exec cd . source export eval command set : true false test [ echo printf read exit trap ulimit umask wait unset alias type'.split(
    ' ',
  ),
);

/**
 * The program `spec` starts when no folder of `pathVar` has it (nor is it a file at its path): as
 * `which` would not find it. null when it is found, or when a shell line's program cannot be told
 * without running it (`cd x && claude`, `FOO=1 claude`).
 */
export function missingProgram(spec: AgentSpec, cwd: string, pathVar: string | undefined): string | null {
  let program: string | undefined = spec.command;
  if (!spec.args) {
    const { words, control } = scanCommandLine(spec.command);
    program = control || (words[0] !== undefined && ASSIGNMENT.test(words[0])) ? undefined : words[0];
  }
  if (!program || SH_WORDS.has(program)) return null;
  return resolveCommand(program, cwd, pathVar) ? null : program;
}
