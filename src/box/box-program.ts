import path from 'node:path';
import { resolveCommand } from '../pty/resolve-command.js';
import { kind, realOr } from './box-paths.js';

// The program an agent's box runs by name (`claude`), as the box must see it to run it: the file
// its PATH finds (past the hub's own bin/, whose shim runs the next one), which may be a link into a
// folder the box would not see (`~/.local/bin/claude` -> `/tmp/tools/node_modules/...`), and the
// install that file belongs to. box-plan.ts makes what it may visible read-only; box-sees.ts tells
// what the box sees, so a program it cannot see stops the start with its path named.

export interface BoxProgram {
  name: string;
  /** Where its PATH finds it (a link, or the file itself). */
  link: string;
  /** The file that runs, links resolved. */
  real: string;
  /**
   * The folder its install is: the outermost node_modules it lies in (a package's bin runs files
   * of its package and of those beside it), else the file's own folder.
   */
  install: string;
  /** Where its PATH has it further on (what runs in the box when the first is not there). */
  later: string[];
}

/**
 * `name` as the box's PATH (`path`) finds it, skipping the hub's `bin/` (`hubBin`); null when no
 * folder has it (a shell builtin, a program a runner fetches) or it is not a plain name.
 */
export function boxProgram(
  name: string | undefined,
  path_: readonly string[],
  hubBin?: string,
): BoxProgram | null {
  if (!name || name.includes('/')) return null;
  const dirs = path_.filter((d) => d !== hubBin && realOr(d) !== (hubBin && realOr(hubBin)));
  const found = dirs.map((d) => resolveCommand(name, '/', d)).filter((f): f is string => f !== null);
  const link = found[0];
  if (!link) return null;
  const real = realOr(link);
  const parts = real.split('/');
  const nm = parts.indexOf('node_modules');
  const install = nm > 0 ? parts.slice(0, nm + 1).join('/') : path.dirname(real);
  return {
    name,
    link,
    real,
    install: kind(install) === 'dir' ? install : path.dirname(real),
    later: found.slice(1),
  };
}

/** The program a box at `place` runs by name, as its PATH finds it (the hub's bin/ skipped). */
export function placeProgram(place: {
  program?: string;
  path?: string[];
  hub?: { home: string };
}): BoxProgram | null {
  return boxProgram(place.program, place.path ?? [], place.hub && path.join(place.hub.home, 'bin'));
}
