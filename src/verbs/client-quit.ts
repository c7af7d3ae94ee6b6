import { ControlError } from '../wire/control-request.js';
import { defineVerb } from './verb.js';
import { aliasesOf } from '../wire/verb-aliases.js';
import { obj, oneOf } from './shape.js';

// `client.quit`: leave the hub as settings.on_quit says: detach (the agents keep running), stop the
// hub and its agents, or ask with the palette (the default). The dialog lua/default/dialogs.lua
// shows at the keys is this verb's face; this answers while Lua cannot run, and from a script.

const answer = obj({ did: oneOf(['detach', 'stop', 'asked'], 'what it did (asked: the palette asks you)') });

export const clientQuitVerb = defineVerb({
  name: 'client.quit',
  mcp: false,
  summary: 'quit as settings.on_quit says: detach, stop the hub and its agents, or ask (the default)',
  refusals: '`failed` (on_quit = "detach" with no client attached)',
  args: {},
  answer,
  act: async (deps, _req, call) => {
    const how = deps.clients.settings().on_quit;
    if (how === 'stop') {
      await deps.clients.stop();
      return { did: 'stop' as const };
    }
    if (how === 'detach') {
      if (!deps.clients.detach())
        throw new ControlError('needs a hub server with a client attached (plain botster-tui)', {
          reason: 'failed',
        });
      return { did: 'detach' as const };
    }
    const by = call.luaOrigin?.by;
    deps.store.dispatch({
      type: 'palette_open',
      title: 'Quit: detach or stop the agents?',
      items: ['client.detach', 'hub.stop'].map((id) => ({
        id,
        description: deps.clients.describe(id),
        older: aliasesOf(id).filter((a) => a.includes('.')),
      })),
      action: { kind: 'command' },
      ...(by ? { by } : {}),
      from: 'client.quit',
    });
    return { did: 'asked' as const };
  },
});
