import { typeInto } from '../agents/type-into.js';
import { ControlError, type ControlRequest } from '../wire/control-request.js';
import { keyEventsFromSpec } from '../keys/spec-to-events.js';
import { findAgent, remoteHost } from './agents.js';
import { remoteOp } from './remote.js';
import type { ControlDeps } from './ports.js';
import type { Verb } from './verb.js';

/** Types `text`, then presses `keys` (key specs, as the agent's terminal encodes them), into an agent. */
export async function sendToAgent(
  deps: ControlDeps,
  req: ControlRequest,
): Promise<{ agent: { id: string; name: string }; bytes: number }> {
  const { text, keys } = req;
  if (text !== undefined && typeof text !== 'string') throw new ControlError('send: text must be a string');
  if (keys !== undefined && typeof keys !== 'string')
    throw new ControlError('send: keys must be a string like "ctrl+c enter"');
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

export const sendVerb: Verb = {
  name: 'send',
  summary: 'type text, then press keys, into an agent',
  may: ['agent'],
  ssh: true,
  drives: 'type into',
  act: (deps, req) => remoteOp(remoteHost(deps), req) ?? sendToAgent(deps, req),
};
