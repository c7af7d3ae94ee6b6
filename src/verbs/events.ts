import { ControlStream } from '../wire/control-replies.js';
import type { ControlRequest } from '../wire/control-request.js';
import { findAgent } from './agents.js';
import type { ControlDeps } from './ports.js';
import type { Verb } from './verb.js';
import { bool, obj, opt, str } from './shape.js';
import { readable, withheld } from './withhold.js';

// `events` on the hub's control socket: a subscription; the hub pushes one line per agent event.

type Line = Record<string, unknown>;
type Facts = { id?: unknown; name?: unknown; command?: unknown; cwd?: unknown };

const who = (a: Facts) => ({ id: String(a.id), name: String(a.name) });

/** The line a hub event becomes on the stream (null: not an event the stream carries). */
function lineOf(event: string, p: Record<string, unknown>): Line | null {
  const a = p.agent as Facts | undefined;
  if (!a) return null;
  switch (event) {
    case 'agent_spawned':
      return { event: 'started', agent: { ...who(a), command: a.command, cwd: a.cwd } };
    case 'agent_state_changed':
      return { event: 'state_changed', agent: who(a), from: p.from, to: p.to, reason: p.reason ?? null };
    case 'agent_title_changed':
      return { event: 'title_changed', agent: who(a), title: p.title };
    case 'agent_renamed':
      return { event: 'renamed', agent: who(a), from: p.from };
    case 'agent_exited':
      return {
        event: 'exited',
        agent: who(a),
        exit_code: p.exit_code ?? null,
        signal: p.signal_name ?? null,
      };
    default:
      return null;
  }
}

/** `reads`: which agents' reasons and titles the subscriber may see (verbs/withhold.ts). */
export function subscribeEvents(
  deps: ControlDeps,
  req: ControlRequest,
  reads: (id: string) => boolean = () => true,
): ControlStream {
  const only = req.agent === undefined || req.agent === null ? null : findAgent(deps, req.agent).id;
  return new ControlStream({ streaming: true, ...(only ? { agent: only } : {}) }, (push) => {
    const send = (line: Line) => {
      const id = (line.agent as { id: string }).id;
      if (only && id !== only) return;
      const shown = 'reason' in line || 'title' in line ? withheld(line, id, reads) : line;
      push({ ...shown, at: new Date().toISOString() });
    };
    const tap = (event: string, payload: Record<string, unknown>) => {
      const line = lineOf(event, payload);
      if (line) send(line);
    };
    deps.taps.add(tap);
    const offRemoved = deps.agents.onRemoved((agent) =>
      send({ event: 'closed', agent: { id: agent.id, name: agent.info.name } }),
    );
    return () => {
      deps.taps.delete(tap);
      offRemoved();
    };
  });
}

export const eventsVerb: Verb = {
  name: 'events',
  command: true,
  summary:
    'a line per agent event (started, state_changed, title_changed, renamed, exited, closed) until the client hangs up',
  ssh: true,
  stream: true,
  refusals: '`no_agent`',
  args: { agent: { type: 'agent', doc: "only this agent's events", cli: { placeholder: 'AGENT' } } },
  // Its first line; then one line per event (docs/protocol.md#events).
  answer: obj({ streaming: bool(), agent: opt(str('the agent it follows, when one')) }),
  act: async (deps, req, call) => subscribeEvents(deps, req, await readable(deps, call)),
};
