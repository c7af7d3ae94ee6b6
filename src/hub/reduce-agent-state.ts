// The reducer's part for agents' states (the rules are agent-state.ts).
import type { Intent } from './intents.js';
import type { HubState } from './state.js';
import { nextEntry } from './agent-state.js';
import { changed, same, type Result } from './result.js';

/** You typed to an agent: a turn begins (its end while you look elsewhere is "done"). */
export function withTurn(s: HubState, id: string): HubState {
  const cur = s.agentStates[id];
  if (!cur || cur.worked || cur.state === 'exited') return s;
  return { ...s, agentStates: { ...s.agentStates, [id]: { ...cur, worked: true } } };
}

/** States that end a turn: a permission question of the agent's open before is over. */
const OVER = new Set(['done', 'idle', 'exited']);

/** A turn that ended asks nothing more: the question the rules left to the user goes (agent.permission). */
function turnOver(s: HubState, id: string): HubState {
  const f = s.facts.agents[id];
  if (!f?.permission) return s;
  const { permission: _gone, ...rest } = f;
  return { ...s, facts: { ...s.facts, agents: { ...s.facts.agents, [id]: rest } } };
}

export function reduceAgentState(s: HubState, i: Intent, now: number): Result | null {
  switch (i.type) {
    case 'agent_state': {
      if (!s.agents.includes(i.id)) return same(s);
      const cur = s.agentStates[i.id];
      const next = nextEntry(cur, i.verdict, i.at ?? now, i.shown);
      if (!next) return same(s);
      const effects =
        cur && cur.state !== next.state
          ? [
              {
                type: 'emit' as const,
                event: 'agent_state_changed',
                payload: { id: i.id, from: cur.state, to: next.state, reason: next.reason },
                subject: i.id,
              },
            ]
          : [];
      const agentStates = { ...s.agentStates, [i.id]: next };
      const over = cur?.state !== next.state && OVER.has(next.state);
      return changed(over ? turnOver({ ...s, agentStates }, i.id) : { ...s, agentStates }, effects, false);
    }
    case 'agent_session':
      // Nothing on screen shows it: the state changes, nothing is drawn again.
      if (!s.agents.includes(i.id) || s.sessions[i.id] === i.session) return same(s);
      return same({ ...s, sessions: { ...s.sessions, [i.id]: i.session } });
    case 'agents_shown': {
      // Shown to a client: a finished turn has been seen.
      let states = s.agentStates;
      const effects = [];
      for (const id of i.ids) {
        const cur = states[id];
        if (cur?.state !== 'done') continue;
        states = { ...states, [id]: { ...cur, state: 'idle', since: now } };
        effects.push({
          type: 'emit' as const,
          event: 'agent_state_changed',
          payload: { id, from: 'done', to: 'idle', reason: cur.reason },
          subject: id,
        });
      }
      return states === s.agentStates ? same(s) : changed({ ...s, agentStates: states }, effects, false);
    }
    default:
      return null;
  }
}
