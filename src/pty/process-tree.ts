import { readFileSync } from 'node:fs';

// A process's line of descent, from /proc: the hub tells an agent's process (and whatever it runs:
// a shell, a CLI's hook, `botster-tui send` typed in it) from the user's own by whether it descends
// from an agent's pid or sits in an agent's session. Its environment is no proof: `env -u` drops it.

/** The parent and session of `pid` (null: gone, or no /proc). */
export function parentOf(pid: number): { ppid: number; sid: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // "pid (comm) state ppid pgrp session ...": comm may hold spaces and parens: cut at the last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ', 4);
    return { ppid: Number(f[1]), sid: Number(f[3]) };
  } catch {
    return null;
  }
}

/**
 * The first of `pids` that `pid` is, descends from, or shares a session with (an agent's pty puts it
 * in a session of its own: what it starts stays there unless it makes another); undefined: none.
 */
export function descendsFrom<T>(pid: number, pids: ReadonlyMap<number, T>): T | undefined {
  let at = pid;
  for (let depth = 0; depth < 256 && at > 1; depth++) {
    const hit = pids.get(at);
    if (hit !== undefined) return hit;
    const p = parentOf(at);
    if (!p) return undefined;
    const bySession = pids.get(p.sid);
    if (bySession !== undefined) return bySession;
    at = p.ppid;
  }
  return undefined;
}
