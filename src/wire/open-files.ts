import fs from 'node:fs';

// Running out of file descriptors (the process's limit, ulimit -n, or the system's table) said in
// one line with what to do, wherever it happens: a module that cannot be read, a socket, a PTY, a
// git that cannot be spawned. Too few to start at all (under 64) bin/botster-tui.js and
// src/native/client/client.c say before anything loads (they cannot load this).

/** What the user types to have enough. */
const RAISE = 'ulimit -n 4096';

/**
 * How many files this process may have open (node raised its soft limit to the hard one as it
 * booted); undefined where /proc does not say, or when no file can be opened to ask.
 */
function openFileLimit(): number | undefined {
  try {
    const m = /^Max open files\s+(\d+)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** How many files this process has open; 'none left' when not even the count can be opened. */
function openNow(): number | 'none left' | undefined {
  try {
    return fs.readdirSync('/proc/self/fd').length - 1; // (less the one that reads it)
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return code === 'EMFILE' || code === 'ENFILE' ? 'none left' : undefined;
  }
}

// A failure while fewer than this many are left is taken for running out: a library's loader may
// say "cannot find module" for a file it could not open.
const SPARE = 8;

/**
 * An error that ran out of file descriptors (its code, one it wraps as `cause` or names in its
 * message), or any error while (almost) none are left, said plainly with what to do; undefined
 * for any other error.
 */
export function outOfFiles(err: unknown): string | undefined {
  const said = ranOut(err);
  if (said) return said;
  const open = openNow();
  const limit = openFileLimit();
  const first = (err instanceof Error ? err.message : String(err)).split('\n')[0];
  if (open === 'none left')
    return `out of file descriptors (${first}): ${limit === undefined ? '' : `ulimit -n is ${limit}; `}raise it (${RAISE}) and start again`;
  if (open !== undefined && limit !== undefined && open > limit - SPARE)
    return `out of file descriptors (${open} of ${limit} open; ${first}): raise the limit (${RAISE}) and start again`;
  return undefined;
}

function ranOut(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    const message = e instanceof Error ? e.message : String(e);
    const which = code === 'EMFILE' || code === 'ENFILE' ? code : /\b(EMFILE|ENFILE)\b/.exec(message)?.[1];
    if (which) {
      // The system call's own words ("EMFILE: too many open files, open '/x'"), else the message's first line.
      const detail = (/E[MN]FILE: [^)\n]*/.exec(message)?.[0] ?? message.split('\n')[0]).trim();
      if (which === 'ENFILE')
        return `the system is out of file descriptors (${detail}): close some programs and start again`;
      const limit = openFileLimit();
      return `out of file descriptors (${detail}): ${limit === undefined ? '' : `ulimit -n is ${limit}; `}raise it (${RAISE}) and start again`;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
