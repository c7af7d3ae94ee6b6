import { ControlError, type ControlRequest } from '../wire/control-request.js';
import type { AgentState } from '../hub/agent-state.js';
import { findAgent } from './agents.js';
import type { ControlDeps } from './ports.js';
import type { Verb } from './verb.js';
import { REPORTED_STATES } from '../hub/agent-state.js';

// `botster-tui report`: an agent's own hooks (Claude Code, Codex's notify, Gemini CLI) say what it
// does. The verdict goes through the same rules as the screen's (src/hub/agent-state.ts): a report
// wins until another report, the exit, or an adapter's rule that saw the screen say otherwise.

/** Long enough for a question or a command; a whole transcript is not a reason. */
const MAX_REASON = 500;
const MAX_SESSION = 200;

function text(value: unknown, field: string, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ControlError(`report: ${field} must be a string`);
  const one = value.replace(/\s+/g, ' ').trim();
  return one === '' ? undefined : one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

export function reportState(
  deps: ControlDeps,
  req: ControlRequest,
): { agent: { id: string; name: string }; state: AgentState; reason: string | null; session: string | null } {
  const state = req.state;
  if (typeof state !== 'string' || !(REPORTED_STATES as readonly string[]).includes(state)) {
    throw new ControlError(
      `report: state must be one of ${REPORTED_STATES.join(', ')}, got ${JSON.stringify(state ?? null)}`,
      { reason: 'usage' },
    );
  }
  const reason = text(req.reason, 'reason', MAX_REASON);
  const session = text(req.session, 'session', MAX_SESSION);
  const agent = findAgent(deps, req.agent);
  const id = agent.id;
  if (agent.info.status === 'exited') {
    throw new ControlError(`agent ${agent.info.name} (id:${id}) has exited: its state is final`, {
      reason: 'exited',
    });
  }
  if (session) {
    deps.store.dispatch({ type: 'agent_session', id, session });
    // A conversation id is what resuming needs: into session.json now.
    if (deps.lifecycle.sessionReported(id, session)) deps.sessions.changed();
  }
  // The screen is compared with what the agent said (pending cases when they disagree).
  deps.status.reported(id, state, reason ?? null);
  deps.store.dispatch({
    type: 'agent_state',
    id,
    verdict: { state: state as (typeof REPORTED_STATES)[number], reason: reason ?? null, source: 'report' },
    shown: deps.seen(id),
  });
  const entry = deps.store.state.agentStates[id];
  return {
    agent: { id, name: agent.info.name },
    state: entry?.state ?? 'running',
    reason: entry?.reason ?? null,
    session: deps.store.state.sessions[id] ?? null,
  };
}

export const reportVerb: Verb = {
  name: 'report',
  summary: "an agent's own hooks say its state (running, waiting, idle, done)",
  may: ['agent'],
  drives: 'report the state of',
  act: (deps, req) => reportState(deps, req),
};
