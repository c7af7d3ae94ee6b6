import { ControlError, type ControlRequest } from '../wire/control-request.js';
import { appendCase, savedCase } from '../status/corpus.js';
import { findAgent } from './agents.js';
import { programName } from '../status/hub-status.js';
import type { ControlDeps } from './ports.js';
import type { Verb } from './verb.js';
import { mayDriveRef } from './drive.js';
import { readable, withheld } from './withhold.js';

// `botster-tui status AGENT [--explain] [--save-case STATE]` on the hub's control socket.

/** The agent's state, with (explain) what the adapters make of its screen now and who decided. */
export async function agentStatus(deps: ControlDeps, req: ControlRequest): Promise<Record<string, unknown>> {
  const agent = findAgent(deps, req.agent);
  const id = agent.id;
  const entry = deps.store.state.agentStates[id];
  const out: Record<string, unknown> = {
    agent: { id, name: agent.info.name, program: programName(agent), command: agent.info.command },
    state: entry?.state ?? 'running',
    reason: entry?.reason ?? null,
    source: entry?.source ?? null,
    since: entry ? new Date(Date.now() - (performance.now() - entry.since)).toISOString() : null,
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
  if (req.save_case !== undefined) {
    if (typeof req.save_case !== 'string')
      throw new ControlError('save_case must be a state: running, waiting or idle');
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

export const statusVerb: Verb = {
  name: 'status',
  summary: "an agent's state, and with explain what its CLI's rules make of its screen",
  may: ['agent'],
  ssh: true,
  act: async (deps, req, call) => {
    // --explain and --save-case show the agent's screen.
    if (req.explain === true || req.save_case !== undefined) await mayDriveRef(deps, call, req.agent, 'read');
    const out = await agentStatus(deps, req);
    const id = (out.agent as { id: string }).id;
    if ((await readable(deps, call))(id)) return out;
    // Which rule decided, not the screen's lines it read.
    const decided = out.decided as { lines?: unknown } | null;
    return withheld({ ...out, ...(decided ? { decided: { ...decided, lines: [] } } : {}) }, id, () => false);
  },
};
