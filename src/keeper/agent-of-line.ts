import { keepsIn } from './keeper-line.js';
import { lineHits, lineOf, type Forebear } from '../pty/process-tree.js';

// Which agent a process is, by its line (itself and its forebears): what the kernel says of a
// caller on the socket (server/peer-principal.ts), of a process an agent's CLI names (the message
// verb's receiving session), and of a keeper's peer.

/** What telling an agent's line needs: the agents (their processes and keepers), the keepers' folder. */
export interface LineDeps {
  agents: {
    list(): ReadonlyArray<{
      id: string;
      isExited: boolean;
      keeperPid: number | null;
      info: { pid: number | null };
    }>;
  };
  keeperDir?: string;
}

/**
 * The agent whose line `line` (a process and its forebears, nearest first) is in; undefined: none.
 * A forebear that is a running agent's process or sits in its session is that agent's. Where
 * keepers hold the agents, so is one that is a keeper of this home: a keeper is its agent's
 * subreaper, so a process that left the agent's tree and session (a `setsid -f`, a double fork, a
 * daemonizing tmux) is still its keeper's descendant. The hub server never is one (a keeper
 * double-forks away from it). A keeper of no agent listed here (its agent was closed or restarted,
 * and what it left runs on) is still an agent's: `?`. Each keeper is checked in /proc (its
 * `--socket` in this home's folder), so a keeper's pid that was reused says nothing.
 */
export function agentOfLine(deps: LineDeps, line: readonly Forebear[]): string | undefined {
  const running = new Map<number, string>();
  const keepers = new Map<number, string>();
  for (const a of deps.agents.list()) {
    if (a.info.pid && !a.isExited) running.set(a.info.pid, a.id);
    if (a.keeperPid) keepers.set(a.keeperPid, a.id);
  }
  const dir = deps.keeperDir;
  if (!dir) return lineHits(line, running);
  for (const f of line) {
    const hit = running.get(f.pid) ?? running.get(f.sid);
    if (hit !== undefined) return hit;
    if (keepsIn(f.pid, dir)) return keepers.get(f.pid) ?? '?';
  }
  return undefined;
}

/** The agent process `pid` is (undefined: none, or it is gone). */
export function agentOfPid(deps: LineDeps, pid: number): string | undefined {
  return agentOfLine(deps, lineOf(pid));
}
