import { findAgent, remoteHost } from './agents.js';
import { readAgent } from '../agents/agent-screen.js';
import { remoteOp } from './remote.js';
import type { ControlDeps } from './ports.js';
import type { Checked, VerbArgs } from './args.js';
import { defineVerb } from './verb.js';
import { int, list, obj, str, type Answer } from './shape.js';

const answer = obj({
  agent: obj({ id: str(), name: str(), state: str() }),
  lines: list(str()),
  cols: int(),
  rows: int(),
});

/** `read`: what the agent shows (see agent-screen.ts). */
export function readScreen(deps: ControlDeps, req: Checked<typeof readArgs>): Answer<typeof answer> {
  const agent = findAgent(deps, req.agent);
  const lines = req.lines;
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

/** Its arguments (checked before act: ./args.ts). */
const readArgs = {
  agent: { type: 'agent', required: true, doc: 'the agent to read', cli: { positional: true } },
  lines: {
    type: 'count',
    doc: 'only the last N lines',
    cli: { placeholder: 'N' },
    error: 'lines must be a whole number',
  },
  scrollback: { type: 'boolean', doc: 'the lines above the screen too (all the hub keeps)' },
  ansi: { type: 'boolean', doc: 'keep colours and attributes (SGR escapes)' },
} as const satisfies VerbArgs;

export const readVerb = defineVerb({
  name: 'read',
  command: true,
  looks: true,
  summary: 'what an agent shows (its screen, or its scrollback too)',
  ssh: true,
  drives: 'read',
  refusals: '`usage`, `no_agent`',
  args: readArgs,
  answer,
  act: (deps, req) => remoteOp<Answer<typeof answer>>(remoteHost(deps), req) ?? readScreen(deps, req),
});
