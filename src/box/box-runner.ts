import { resolveCommand } from '../pty/resolve-command.js';
import { BoxError, type Box } from './box.js';
import { bwrapArgs, type BoxPlace } from './bwrap-args.js';

// The box's runner for one start: bubblewrap on Linux. A box that cannot be made is an agent that
// does not start, with one line that says why and what to do: never the agent without its box.

/** bwrap's path on this PATH (looked up once per PATH). */
const found = new Map<string, string | null>();

function bwrapOn(pathVar: string | undefined): string | null {
  const key = pathVar ?? '';
  if (!found.has(key)) found.set(key, resolveCommand('bwrap', '/', pathVar));
  return found.get(key) ?? null;
}

/** Why no box can be made here (no bubblewrap, not Linux); null: it can. */
export function boxRunnerProblem(pathVar: string | undefined): string | null {
  if (process.platform !== 'linux')
    return 'boxes run on Linux only for now (docs/security.md); to run it unboxed, settings.sandbox = false';
  if (!bwrapOn(pathVar))
    return 'its box needs bubblewrap, which is not installed (apt install bubblewrap); to run agents unboxed, settings.sandbox = false';
  return null;
}

/** What the PTY runs for `argv` in `box`; throws a BoxError (the agent does not start) when it cannot be boxed. */
export function boxedArgv(
  box: Box,
  place: BoxPlace,
  argv: { file: string; args: string[] },
  pathVar: string | undefined,
): { file: string; args: string[] } {
  const no = boxRunnerProblem(pathVar);
  if (no) throw new BoxError(`not started: ${no}`);
  const bwrap = bwrapOn(pathVar) as string;
  return { file: bwrap, args: bwrapArgs(box, place, argv) };
}
