import { typeInto } from '../agents/type-into.js';
import { ControlError } from '../wire/control-request.js';
import { keyEventsFromSpec } from '../keys/spec-to-events.js';
import { findAgent, remoteHost } from './agents.js';
import { remoteOp } from './remote.js';
import type { ControlDeps } from './ports.js';
import type { Checked, VerbArgs } from './args.js';
import { defineVerb } from './verb.js';
import { agentRef, int, obj, type Answer } from './shape.js';

const answer = obj({ agent: agentRef, bytes: int('how many bytes were typed') });

/** Types `text`, then presses `keys` (key specs, as the agent's terminal encodes them), into an agent. */
export async function sendToAgent(
  deps: ControlDeps,
  req: Checked<typeof sendArgs>,
): Promise<Answer<typeof answer>> {
  const { text, keys } = req;
  if (!text && !keys) throw new ControlError('send: give text to type, keys to press, or both');
  const agent = findAgent(deps, req.agent);
  const events = keys ? keyEventsFromSpec(keys) : []; // a bad spec throws before anything is typed
  if (agent.info.status === 'exited') {
    throw new ControlError(
      `agent ${agent.info.name} (id:${agent.id}) has exited: nothing reads what you type (agent.restart starts it again)`,
      { reason: 'exited' },
    );
  }
  // Typed here, once: the keys were read above (a bad spec threw before anything was typed).
  const bytes = typeInto(deps, agent, text ?? '', keys, events);
  return { agent: { id: agent.id, name: agent.info.name }, bytes };
}

/** Its arguments (checked before act: ./args.ts). */
const sendArgs = {
  agent: { type: 'agent', required: true, doc: 'the agent to type into', cli: { positional: true } },
  text: { type: 'string', doc: 'text to type', cli: { positional: true } },
  keys: {
    type: 'string',
    doc: 'keys to press after it ("ctrl+c enter")',
    error: 'send: keys must be a string like "ctrl+c enter"',
  },
} as const satisfies VerbArgs;

export const sendVerb = defineVerb({
  name: 'agent.send',
  command: true,
  summary: 'type text, then press keys, into an agent',
  // Who may: its row of hub/who-may.ts (an agent, a plugin granted `send`).
  ssh: true,
  drives: 'type into',
  refusals:
    '`no_agent`, `exited`, bad key spec, `refused` (an agent, into one it did not start, unless you let it)',
  args: sendArgs,
  answer,
  act: (deps, req) => remoteOp<Answer<typeof answer>>(remoteHost(deps), req) ?? sendToAgent(deps, req),
});
