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

/** One limit of the CLI's account: how much of it is used, and when it starts again (epoch seconds). */
export interface UsageLimit {
  used_pct: number;
  resets_at?: number;
}

/**
 * What an agent's CLI reports about its own cost and limits (agent.usage in Lua): Claude Code's
 * status line, Codex's session file (docs/usage.md). Absent fields: the CLI did not say.
 */
export interface AgentUsage {
  /** Tokens of the session (input, cache included, and output). */
  tokens?: number;
  /** Its cost so far in US dollars, as the CLI works it out. */
  cost?: number;
  /** How full its context window is (0-100). */
  context_pct?: number;
  /** The account's limits by name (five_hour, seven_day, ...). */
  limits?: Record<string, UsageLimit>;
  /** The account (an e-mail, a plan) when the CLI says. */
  account?: string;
  model?: string;
  /** Where the facts came from: `statusline` (Claude Code), `session` (Codex's session file). */
  source: string;
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
  /** What its CLI reported about its cost and limits (absent until it does). */
  usage?: AgentUsage;
  /** The box it runs in (absent: none; docs/security.md). */
  box?: AgentBox;
  /** The account it runs on: the BOTSTER_ACCOUNT its environment was given (docs/accounts.md). */
  account?: string;
  /** Its CLI's newest conversation id, as its hooks reported it (absent: none yet). */
  session?: string | null;
  /** A line typed into it waits to be sent or cleared (absent: none; src/agents/draft-line.ts). */
  draft?: boolean;
  /** The permission question its CLI asked that the hub's rules left to you (absent: none). */
  permission?: AgentPermission;
}

/**
 * A permission question an agent's CLI asked before a tool that the rules answered "ask"
 * (docs/permissions.md): its CLI's own dialog shows; gone when answered or its turn ends.
 */
export interface AgentPermission {
  /** The tool it asks to use (Bash, Edit, WebFetch, mcp__x__y). */
  tool: string;
  /** What it is about, in one line: the command, the file, the address. */
  subject: string;
  /** Which question it is: an answer names it (permission.answer's `key`), so it meets the one shown. */
  key: string;
}

/** An agent's box as every client is told of it (`botster-tui sandbox AGENT` says all it holds). */
export interface AgentBox {
  name: string;
  /** The agent whose box it is, when one it started runs in it. */
  from?: string;
  network: boolean;
  read: 'all' | 'folder';
  /** A container's (absent: bubblewrap's). */
  runner?: 'podman';
  /** A container's image (absent for one its repository's devcontainer.json names). */
  image?: string;
}
