import { ControlError, type ControlRequest } from '../wire/control-request.js';
import { findAgent, remoteHost } from './agents.js';
import { readAgent } from '../agents/agent-screen.js';
import { remoteOp } from './remote.js';
import type { ControlDeps } from './ports.js';
import type { Verb } from './verb.js';

/** `read`: what the agent shows (see agent-screen.ts). */
export function readScreen(deps: ControlDeps, req: ControlRequest): unknown {
  const agent = findAgent(deps, req.agent);
  const lines = req.lines;
  if (lines !== undefined && (typeof lines !== 'number' || !Number.isInteger(lines) || lines < 0))
    throw new ControlError('lines must be a whole number', { reason: 'usage' });
  for (const f of ['scrollback', 'ansi'] as const)
    if (req[f] !== undefined && typeof req[f] !== 'boolean')
      throw new ControlError(`${f} must be true or false`, { reason: 'usage' });
  const text = readAgent(agent, { lines, scrollback: req.scrollback === true, ansi: req.ansi === true });
  const t = agent.terminal;
  return {
    agent: {
      id: agent.id,
      name: agent.info.name,
      state: deps.store.state.agentStates[agent.id]?.state ?? 'running',
    },
    lines: text,
    cols: t.cols,
    rows: t.rows,
  };
}

export const readVerb: Verb = {
  name: 'read',
  summary: 'what an agent shows (its screen, or its scrollback too)',
  may: ['agent'],
  ssh: true,
  drives: 'read',
  act: (deps, req) => remoteOp(remoteHost(deps), req) ?? readScreen(deps, req),
};
