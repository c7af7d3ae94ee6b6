import { typeInto } from '../agents/type-into.js';
import { keyEventsFromSpec } from '../keys/spec-to-events.js';
import { ControlError } from '../wire/control-request.js';
import type { Checked, VerbArgs } from './args.js';
import { findAgent, remoteHost } from './agents.js';
import type { ControlDeps } from './ports.js';
import { remoteOp } from './remote.js';
import { defineVerb } from './verb.js';
import { agentRef, obj, str, type Answer } from './shape.js';

const answer = obj({ agent: agentRef, keys: str('what was pressed') });

const args = {
  agent: { type: 'agent', required: true, doc: 'the agent to interrupt', cli: { positional: true } },
  keys: {
    type: 'string',
    nonEmpty: true,
    doc: 'press these instead of its CLI\'s interrupt key ("ctrl+c")',
    error: 'interrupt: keys must be a key spec like "escape" or "ctrl+c"',
  },
} as const satisfies VerbArgs;

/**
 * `interrupt`: stops what an agent is doing and leaves it running, as you would: its CLI's own
 * interrupt key (a before_agent_interrupt handler says which: lua/default/interrupt.lua reads
 * the CLI's `interrupt`, Escape for Claude Code or Codex, else Ctrl+C).
 */
async function interrupt(deps: ControlDeps, req: Checked<typeof args>): Promise<Answer<typeof answer>> {
  const agent = findAgent(deps, req.agent);
  if (agent.isExited)
    throw new ControlError(
      `agent ${agent.info.name} (id:${agent.id}) has exited: there is nothing to interrupt`,
      {
        reason: 'exited',
      },
    );
  const before = await deps.emit(
    'before_agent_interrupt',
    // (its program names its CLI: clis.find)
    {
      agent: { id: agent.id, name: agent.info.name, program: agent.info.program },
      ...(req.keys ? { keys: req.keys } : {}),
    },
    agent.info.name,
  );
  if (before?.cancelled)
    throw new ControlError(`agent ${agent.info.name} not interrupted: ${before.reason ?? 'a hook said no'}`, {
      reason: 'refused',
    });
  const said = (before?.payload as { keys?: unknown } | undefined)?.keys;
  // Yours, else what a handler chose; a bad spec is an error before anything is pressed.
  const keys = req.keys ?? (typeof said === 'string' && said ? said : 'ctrl+c');
  const events = keyEventsFromSpec(keys);
  typeInto(deps, agent, '', keys, events);
  return { agent: { id: agent.id, name: agent.info.name }, keys };
}

export const interruptVerb = defineVerb({
  name: 'agent.interrupt',
  command: true,
  summary: "stop what an agent is doing, leaving it running (its CLI's interrupt key: Escape, Ctrl+C)",
  ssh: true,
  drives: 'interrupt',
  refusals:
    '`no_agent`, `exited`, `refused` (a before_agent_interrupt handler, or an agent, one it did not start)',
  args,
  answer,
  act: (deps, req) => remoteOp<Answer<typeof answer>>(remoteHost(deps), req) ?? interrupt(deps, req),
});
