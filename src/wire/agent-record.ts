// An agent as the hub tells every client of it: its record. In the wire because `agents --json`
// and a machine's rows carry it; built from the state by hub/agent-record.ts.

/** An agent's worktree (agent.worktree in Lua). */
export interface AgentWorktree {
  path: string;
  branch: string;
  /** The branch it was made from (where worktree.finish merges it). */
  base?: string;
  /** The repository's main folder. */
  repo: string;
}

/**
 * One agent as every client is told of it, from the state: `self.agents` (app-data.ts), the
 * agent in hook and `events` payloads (effects/hub-events.ts), `agents --json` and the rows a
 * machine's hub sends another (verbs/agents.ts) are this record and what each adds. A field
 * added here appears in all four.
 */
export interface AgentRecord {
  id: string;
  name: string;
  /** The machine of settings.machines it runs on (absent: this one). */
  machine?: string;
  /** The program in its foreground (`claude` typed into a shell agent). */
  program: string;
  command: string;
  cwd: string;
  /** running | waiting | idle | done | exited */
  state: string;
  /** The question it asks, what it runs, how it exited (null: nothing to say). */
  reason: string | null;
  /** `state` with done shown as idle (the older field). */
  status: string;
  exit_code: number | null;
  signal: number | null;
  signal_name: string | null;
  /** Set by the agent with OSC 0/2 ('' when none). */
  title: string;
  /** Its worktree's branch. */
  branch?: string;
  /** The git branch checked out in its live folder. */
  git_branch?: string;
  worktree?: AgentWorktree;
  /** The repository (with a `.botster/`) it works in. */
  repo?: string;
  profile?: string;
  /** The agent that started it: its team's lead (docs/teams.md). */
  lead?: string;
}
