import type { ControlDeps } from './ports.js';
import { defineVerb } from './verb.js';
import { int, list, obj, oneOf, opt, str } from './shape.js';

// `machines`: the machines this hub reaches (machines.define, settings.machines), how each is
// reached and what state its link is in: connected, connecting, or unreachable with why and when it
// is tried again (docs/remote.md).

const machine = obj({
  name: str('how the hub names it (new --machine, move AGENT MACHINE)'),
  via: str('the command that reaches it, as words ("ssh gpu", "podman exec -i box")'),
  engine: str('its program: ssh, podman, kubectl, ...'),
  state: oneOf(['connecting', 'connected', 'unreachable'] as const),
  error: opt(str('why it cannot be reached (unreachable)')),
  retry_in: opt(int('seconds until it is tried again (unreachable)')),
  version: opt(str('the botster-tui that answered there')),
  agents: int('its agents listed here'),
  bytes_in: int('bytes its link carried here'),
  bytes_out: int('bytes its link carried there'),
});

const answer = obj({ machines: list(machine) });

export const machinesVerb = defineVerb({
  name: 'machine.list',
  command: true,
  looks: true,
  summary: 'the machines this hub reaches (machines.define, settings.machines) and the state of each',
  args: {},
  answer,
  act: (deps: ControlDeps) => ({ machines: deps.machines.list() }),
});
