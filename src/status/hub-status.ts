import type { Agent } from '../agents/agent.js';
import type { AgentStateEntry } from '../hub/agent-state.js';
import type { DetectedAgent } from './status-detector.js';

/** The program an agent runs: its foreground program when known, else its command's. */
export function programName(agent: Agent): string {
  return agent.program;
}

/** The state fields Lua, the CLI and events see (state_since in ms on the hub's clock). */
export function stateFields(entry: AgentStateEntry | undefined): {
  state: string;
  reason: string | null;
  state_since: number | null;
} {
  return {
    state: entry?.state ?? 'running',
    reason: entry?.reason ?? null,
    state_since: entry ? Math.round(entry.since) : null,
  };
}

/** An agent as the status detector reads it. */
export function detected(agent: Agent): DetectedAgent {
  return {
    id: agent.id,
    get exited() {
      return agent.isExited;
    },
    terminal: agent.terminal,
    get lastOutputAt() {
      return agent.lastOutputBeforeQuiet();
    },
    refreshProgram: () => agent.refreshProgram(),
  };
}
