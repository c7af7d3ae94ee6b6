import { ControlError } from '../wire/control-request.js';
import { defineVerb } from './verb.js';
import { obj } from './shape.js';

// `client.detach`: the client served leaves the hub; the agents keep running (botster-tui attach
// comes back). `client.suspend`: that client's terminal suspended like ctrl+z in a shell.

export const clientDetachVerb = defineVerb({
  name: 'client.detach',
  mcp: false,
  summary: 'detach the attached client: the agents keep running (botster-tui attach comes back)',
  refusals: '`failed` (no client attached: the hub is no server)',
  args: {},
  answer: obj({}),
  act: (deps) => {
    if (!deps.clients.detach())
      throw new ControlError('needs a hub server with a client attached (plain botster-tui)', {
        reason: 'failed',
      });
    return {};
  },
});

export const clientSuspendVerb = defineVerb({
  name: 'client.suspend',
  mcp: false,
  summary: "suspend the attached client's terminal like ctrl+z in a shell (fg brings it back)",
  refusals: '`failed` (no terminal to suspend)',
  args: {},
  answer: obj({}),
  act: (deps) => {
    if (!deps.clients.suspend())
      throw new ControlError('needs a hub running in a terminal', { reason: 'failed' });
    return {};
  },
});
