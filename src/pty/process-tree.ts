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

/** One process of a line of descent, and its session. */
export interface Forebear {
  pid: number;
  sid: number;
}

/** `pid` and its ancestors up to init, each with its session; empty: `pid` is gone (or no /proc). */
export function lineOf(pid: number): Forebear[] {
  const line: Forebear[] = [];
  let at = pid;
  for (let depth = 0; depth < 256 && at > 1; depth++) {
    const p = parentOf(at);
    if (!p) break;
    line.push({ pid: at, sid: p.sid });
    at = p.ppid;
  }
  return line;
}

/** The first of `pids` that one of `line` is or shares a session with; undefined: none. */
export function lineHits<T>(line: readonly Forebear[], pids: ReadonlyMap<number, T>): T | undefined {
  for (const f of line) {
    const hit = pids.get(f.pid) ?? pids.get(f.sid);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/**
 * The first of `pids` that `pid` is, descends from, or shares a session with (an agent's pty puts it
 * in a session of its own: what it starts stays there unless it makes another); undefined: none.
 */
export function descendsFrom<T>(pid: number, pids: ReadonlyMap<number, T>): T | undefined {
  return pids.get(pid) ?? lineHits(lineOf(pid), pids);
}
