import { readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { lineHits, type Forebear } from '../pty/process-tree.js';

// Whose line a process is in, by the kernel's word (/proc): an agent's pid or session in it, or one
// of this home's keepers (each agent's parent, and its subreaper: what an agent starts and orphans
// stays under it). The keeper test holds before a new server has adopted its agents, and for a
// process that left the agent's session.

/** Whether `pid` is a keeper listening in `keepers` (its executable and its command line, from /proc). */
export function isKeeperOf(pid: number, keepers: string): boolean {
  try {
    if (!path.basename(readlinkSync(`/proc/${pid}/exe`)).startsWith('botster-keeper')) return false;
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const at = argv.indexOf('--socket');
    return at >= 0 && path.dirname(argv[at + 1] ?? '') === keepers;
  } catch {
    return false;
  }
}

/**
 * The agent whose line `line` is: the id of an agent of `agents` (pid -> id) it passes through or
 * shares a session with, '?' when it passes through one of the home's keepers (`keepers`, its folder)
 * of no listed agent; undefined: none (the user's).
 */
export function agentOfLine(
  line: readonly Forebear[],
  agents: ReadonlyMap<number, string>,
  keepers?: string,
): string | undefined {
  const hit = lineHits(line, agents);
  if (hit !== undefined) return hit;
  if (keepers && line.some((f) => isKeeperOf(f.pid, keepers))) return '?';
  return undefined;
}
