import { defineVerb } from './verb.js';
import { obj } from './shape.js';

// `hub.stop`: the hub and every agent stop (session.json is written for --restore), unless a
// before_quit handler says no; Lua's app:quit and the palette's old app.stop are this verb.
export const hubStopVerb = defineVerb({
  name: 'hub.stop',
  mcp: false,
  summary:
    'stop the hub and every agent (session.json is written for --restore); a before_quit handler may refuse',
  refusals: 'none (a before_quit handler that refuses says so on screen)',
  args: {},
  answer: obj({}),
  act: async (deps) => {
    await deps.clients.stop();
    return {};
  },
});
