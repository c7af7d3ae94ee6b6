import { usageFromRollout } from '../agents/rollout-usage.js';
import { ControlError } from '../wire/control-request.js';
import { findAgent } from './agents.js';
import type { ControlDeps } from './ports.js';
import type { Checked, VerbArgs } from './args.js';
import { defineVerb } from './verb.js';
import { agentRef, nullable, obj, str, type Answer } from './shape.js';
import { REPORTED_STATES } from '../hub/agent-state.js';

// `botster-tui report`: an agent's own hooks (Claude Code, Codex's notify, Gemini CLI) say what it
// does. The verdict goes through the same rules as the screen's (src/hub/agent-state.ts): a report
// wins until another report, the exit, or an adapter's rule that saw the screen say otherwise.

/** Long enough for a question or a command; a whole transcript is not a reason. */
const MAX_REASON = 500;
const MAX_SESSION = 200;

const answer = obj({
  agent: agentRef,
  state: str('the state it is in now'),
  reason: nullable(str()),
  session: nullable(str()),
});

function text(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined; // (a string when given: the verb's args)
  const one = value.replace(/\s+/g, ' ').trim();
  return one === '' ? undefined : one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** The usage its newest session file says, as facts (absent: the agent keeps what it had). */
function sessionUsage(deps: ControlDeps, id: string): void {
  const file = (deps.transcripts?.(id) ?? []).find((f) => /(^|\/)rollout-[^/]*\.jsonl$/.test(f));
  const usage = file ? usageFromRollout(file) : null;
  if (usage) deps.store.dispatch({ type: 'agent_facts', id, facts: { usage } });
}

export function reportState(deps: ControlDeps, req: Checked<typeof reportArgs>): Answer<typeof answer> {
  const state = req.state;
  const reason = text(req.reason, MAX_REASON);
  const session = text(req.session, MAX_SESSION);
  const agent = findAgent(deps, req.agent);
  const id = agent.id;
  if (agent.info.status === 'exited') {
    throw new ControlError(`agent ${agent.info.name} (id:${id}) has exited: its state is final`, {
      reason: 'exited',
    });
  }
  if (session) {
    deps.store.dispatch({ type: 'agent_session', id, session });
    // A conversation id is what resuming needs: into session.json now (before the answer).
    if (deps.lifecycle.sessionReported(id, session)) deps.sessions.changed(true);
  }
  // The screen is compared with what the agent said (pending cases when they disagree).
  deps.status.reported(id, state, reason ?? null);
  deps.store.dispatch({
    type: 'agent_state',
    id,
    verdict: { state, reason: reason ?? null, source: 'report' },
    shown: deps.seen(id),
  });
  // A turn ended: what its CLI wrote of its usage (Codex's session file: agents/rollout-usage.ts).
  if (state === 'done') sessionUsage(deps, id);
  const entry = deps.store.state.agentStates[id];
  return {
    agent: { id, name: agent.info.name },
    state: entry?.state ?? 'running',
    reason: entry?.reason ?? null,
    session: deps.store.state.sessions[id] ?? null,
  };
}

/** Its arguments (checked before act: ./args.ts). */
const reportArgs = {
  agent: { type: 'agent', required: true, doc: 'the agent whose state it is', cli: { positional: true } },
  state: { type: 'enum', values: REPORTED_STATES, required: true, doc: 'the state it is in' },
  reason: { type: 'string', doc: 'why (a question, a command), up to 500 characters' },
  session: { type: 'string', doc: "its CLI's conversation id (what resuming needs)" },
} as const satisfies VerbArgs;

export const reportVerb = defineVerb({
  name: 'report',
  summary: "an agent's own hooks say its state (running, waiting, idle, done)",
  drives: 'report the state of',
  refusals: '`usage`, `no_agent`, `exited`',
  args: reportArgs,
  answer,
  act: (deps, req) => reportState(deps, req),
});
