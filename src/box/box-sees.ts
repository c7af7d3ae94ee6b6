import { within } from './box-paths.js';

// What a bubblewrap box sees at a path, read from its arguments (bwrap-args.ts), the one plan the
// box is made from: each mount over a place covers what an earlier one put there, so the last
// mount that covers a path decides whether it is there (a bind) or not (an empty folder, an empty
// file), and a path no mount covers is not there at all.

export interface Sight {
  seen: boolean;
  /** The place of the mount that decided (`/tmp`, `~/.ssh`), or null: none covers it. */
  by: string | null;
}

/** bwrap's options other than mounts that take values (a value is never read as an option). */
const VALUES: Record<string, number> = {
  '--setenv': 2,
  '--unsetenv': 1,
  '--chdir': 1,
  '--uid': 1,
  '--gid': 1,
  '--cap-drop': 1,
  '--cap-add': 1,
};

/** The mounts of bwrap's arguments (up to `--`), in order: where each lands and whether it shows what is there. */
function mounts(args: readonly string[]): Array<{ at: string; shows: boolean }> {
  const out: Array<{ at: string; shows: boolean }> = [];
  for (let i = 0; i < args.length && args[i] !== '--'; i++) {
    const a = args[i];
    if (VALUES[a]) i += VALUES[a];
    else if (a === '--ro-bind' || a === '--bind' || a === '--ro-bind-try' || a === '--bind-try') {
      // (the same place bound over itself shows it; /dev/null bound over a file hides it)
      out.push({ at: args[i + 2], shows: args[i + 1] === args[i + 2] });
      i += 2;
    } else if (a === '--tmpfs' || a === '--dev' || a === '--proc') {
      out.push({ at: args[i + 1], shows: false });
      i += 1;
    }
  }
  return out;
}

/** Whether the box of `args` sees `p` as it is outside (absolute, links resolved by the caller). */
export function boxSees(args: readonly string[], p: string): Sight {
  let last: { at: string; shows: boolean } | null = null;
  for (const m of mounts(args)) if (within(p, m.at)) last = m;
  return last ? { seen: last.shows, by: last.at } : { seen: false, by: null };
}
