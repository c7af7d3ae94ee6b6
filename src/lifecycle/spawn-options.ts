import type { Agent } from '../agents/agent.js';
import type { Carried } from './agent-records.js';

// What starting and stopping an agent are asked (./hub-agents.ts) and what they come to.

/** What stopping an agent came to: stopped, or refused by a before_agent_kill handler (why). */
export type KillAnswer = { stopped: true } | { stopped: false; why: string };

/** What starting an agent came to: the agent, or why it did not start ('' : nothing to say). */
export type StartAnswer = { agent: Agent } | { notStarted: string };

export interface SpawnOptions {
  focus?: boolean;
  carry?: Carried;
  /** The folder asked for by name (botster-tui new --cwd): a profile's own folder gives way to it. */
  cwd?: string;
  /** A worktree asked for must be made, else the agent does not start (spawn throws WorktreeNotMade). */
  worktreeRequired?: boolean;
  /** The number it takes while no agent has it (a restart keeps its own, a restore its recorded one; absent: the next one). */
  id?: string;
  /** The agent on whose word it starts: in that agent's box, when it has one (src/box/). */
  within?: string;
}
