import type { Agent } from '../agents/agent.js';
import type { AgentStateEntry } from '../hub/agent-state.js';
import type { DetectedAgent, DetectorHost } from './status-detector.js';
import { agentPayload } from '../effects/hub-events.js';
import type { Hub } from '../app/hub.js';

/** The program an agent runs: its foreground program when known, else its command's. */
export function programName(agent: Agent): string {
  return agent.program;
}

/** The state fields Lua, the CLI and events see (state_since in ms on the hub's clock). */
export function stateFields(entry: AgentStateEntry | undefined): { state: string; reason: string | null; state_since: number | null } {
  return { state: entry?.state ?? 'running', reason: entry?.reason ?? null, state_since: entry ? Math.round(entry.since) : null };
}

function detected(agent: Agent): DetectedAgent {
  return {
    id: agent.info.id,
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

/** What the status detector needs from the hub. */
export function statusHost(hub: Hub): DetectorHost {
  return {
    agent: (id) => {
      const a = hub.agents.get(id);
      return a ? detected(a) : undefined;
    },
    payload: (id) => {
      const a = hub.agents.get(id);
      return a ? { ...agentPayload(a.info), program: programName(a), ...stateFields(hub.state.agentStates[id]) } : null;
    },
    stateOf: (id) => hub.state.agentStates[id]?.state ?? 'running',
    bellAt: (id) => hub.state.bellAt[id],
    shown: (id) => hub.frame.seen(id),
    ask: (agent, screen, explain) => hub.lua.detectStatus(agent, screen, explain),
    verdict: (id, verdict, shown) => hub.dispatch({ type: 'agent_state', id, verdict, shown }),
    programChanged: () => {
      hub.invalidateTree();
      // `claude` typed into a shell agent: resuming it needs to know.
      hub.sessions.changed();
    },
    log: (message) => hub.log.write('error', message),
  };
}
