import { packageVersion } from '../wire/version.js';
import { CONTROL_PROTOCOL, CONTROL_PROTOCOL_MINOR } from '../wire/control-request.js';
import { defineVerb } from './verb.js';
import { int, obj, str } from './shape.js';

export const pingVerb = defineVerb({
  name: 'ping',
  looks: true,
  summary: "whether a hub answers: the installed package's version and how many agents it has",
  args: {},
  answer: obj({
    version: str("the installed package's version"),
    agents: int('how many agents it has'),
    protocol: str('the control protocol, MAJOR.MINOR'),
  }),
  // The installed package's version (what `npm i -g` put there), not a constant.
  act: (deps) => ({
    version: packageVersion(),
    agents: deps.agents.list().length,
    protocol: `${CONTROL_PROTOCOL}.${CONTROL_PROTOCOL_MINOR}`,
  }),
});
