import { ControlError, type ControlRequest } from '../wire/control-request.js';
import { any, nullable, obj, open, opt, str, type Answer } from './shape.js';
import { appendCase, savedCase } from '../status/corpus.js';
import { findAgent } from './agents.js';
import { programName } from '../status/hub-status.js';
import type { ControlDeps } from './ports.js';
import { defineVerb } from './verb.js';
import { wallTime } from '../clock/clock.js';

const answer = obj({
  agent: obj({ id: str(), name: str(), program: str(), command: str() }),
  state: str(),
  reason: nullable(str()),
  source: nullable(str('who said so: screen, report, quiet, exit')),
  since: nullable(str('ISO 8601')),
  decided: nullable(open({}, 'the adapter and rule that decided, with the lines it read')),
  disagreement: opt(open({}, 'what the agent said and the screen read, when they disagree')),
  screen: opt(any('explain: the facts read from its screen')),
  now: opt(any("explain: the adapters' verdict now")),
  saved: opt(any('save_case: where the case went')),
});
type StatusAnswer = Answer<typeof answer>;
import { mayDriveRef } from './drive.js';
import { readable, withheld } from './withhold.js';

// `botster-tui status AGENT [--explain] [--save-case STATE]` on the hub's control socket.

/** The agent's state, with (explain) what the adapters make of its screen now and who decided. */
export async function agentStatus(deps: ControlDeps, req: ControlRequest): Promise<StatusAnswer> {
  const agent = findAgent(deps, req.agent);
  const id = agent.id;
  const entry = deps.store.state.agentStates[id];
  const out: StatusAnswer = {
    agent: { id, name: agent.info.name, program: programName(agent), command: agent.info.command },
    state: entry?.state ?? 'running',
    reason: entry?.reason ?? null,
    source: entry?.source ?? null,
    since: entry ? wallTime(entry.since) : null,
    decided: entry?.adapter
      ? { adapter: entry.adapter, rule: entry.rule ?? null, lines: entry.lines ?? [] }
      : null,
  };
  const d = deps.status.disagreement(id);
  if (d) {
    out.disagreement = {
      said: d.report,
      read: d.screen,
      for_ms: Math.round(d.forMs),
      ...(d.kept ? { kept: d.kept } : {}),
    };
  }
  if (req.explain === true) {
    const ex = await deps.status.explain(id);
    if (ex) {
      const { lines, ...facts } = ex.facts;
      const release = deps.status.release(id);
      out.screen = { ...facts, ...(release ? { cli_version: release } : {}), lines };
      out.now = ex.verdict;
    }
  }
  if (typeof req.save_case === 'string') {
    const facts = deps.status.facts(id);
    if (!facts) throw new ControlError(`agent ${agent.info.name} has no screen to save`);
    const c = savedCase({
      program: programName(agent),
      lines: facts.lines,
      title: facts.title,
      progress: facts.progress,
      expected: req.save_case,
      agentName: agent.info.name,
      quietMs: facts.quiet * 1000,
      reason: entry?.reason,
      ...(facts.size ? { size: facts.size } : {}),
      version: deps.status.release(id),
    });
    out.saved = appendCase(deps.home, c);
  }
  return out;
}

export const statusVerb = defineVerb({
  name: 'status',
  looks: true,
  command: true,
  summary: "an agent's state, and with explain what its CLI's rules make of its screen",
  ssh: true,
  refusals: '`no_agent`',
  args: {
    agent: { type: 'agent', required: true, doc: 'the agent', cli: { positional: true } },
    explain: { type: 'boolean', doc: "what its CLI's rules make of its screen now, and who decided" },
    save_case: {
      type: 'string',
      doc: 'save its screen as a case of this state (running, waiting or idle)',
      error: 'save_case must be a state: running, waiting or idle',
    },
  },
  answer,
  act: async (deps, req, call) => {
    // --explain and --save-case show the agent's screen.
    if (req.explain === true || req.save_case !== undefined) await mayDriveRef(deps, call, req.agent, 'read');
    const out = await agentStatus(deps, req);
    const id = out.agent.id;
    if ((await readable(deps, call))(id)) return out;
    // Which rule decided, not the screen's lines it read.
    const decided = out.decided;
    return withheld({ ...out, ...(decided ? { decided: { ...decided, lines: [] } } : {}) }, id, () => false);
  },
});
