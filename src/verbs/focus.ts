import type { ControlRequest } from '../wire/control-request.js';
import { findAgent } from './agents.js';
import type { ControlDeps } from './ports.js';
import type { Verb } from './verb.js';

/** `focus`: shows the agent in the client that typed last (the hub's current view). */
export async function focusAgent(deps: ControlDeps, req: ControlRequest): Promise<unknown> {
  const agent = findAgent(deps, req.agent);
  await deps.request({ type: 'focus', id: agent.id });
  await deps.whenIdle();
  return { agent: { id: agent.id, name: agent.info.name } };
}

export const focusVerb: Verb = {
  name: 'focus',
  summary: 'show an agent in the client that typed last',
  may: ['agent'],
  ssh: true,
  args: { agent: { type: 'agent', required: true } },
  act: (deps, req) => focusAgent(deps, req),
};
