import { ControlError } from '../wire/control-request.js';
import { defineVerb } from './verb.js';
import { open } from './shape.js';

// `botster-tui plugin add|grant|enable` typed in an agent: the hub asks you (lua/default/plugins.lua,
// the word typed grants), and the agent is told it was asked; nothing changes by its word alone.
export const pluginAskVerb = defineVerb({
  name: 'plugin_ask',
  waits: true,
  summary: 'an agent asks you, in the hub, to add, grant or enable a plugin: you answer there',
  refusals:
    '`usage` (not from an agent), `refused` (no such plugin, nothing to grant, three asks within a minute, a folder too big)',
  args: {
    action: { type: 'string', required: true, doc: 'add, grant or enable', cli: false },
    source: { type: 'string', doc: 'add: a folder or a git URL', cli: false },
    name: { type: 'string', doc: "grant, enable: the plugin's name", cli: false },
    caps: { type: 'string', doc: 'grant: the capabilities, comma-separated', cli: false },
    cwd: { type: 'string', doc: 'where a relative folder is', cli: false },
  },
  answer: open({}, 'what you are asked in the hub: request (p1), action, source, folder?, name?, caps?'),
  act: async (deps, req, call) => {
    const p = await call.who();
    // Yours is done, not asked: `botster-tui plugin` does it in your terminal.
    if (p.kind !== 'agent')
      throw new ControlError('plugin_ask is for agents: you add, grant and enable with botster-tui plugin', {
        reason: 'usage',
      });
    try {
      return deps.askPlugin(p.id, req.action, {
        source: req.source,
        name: req.name,
        caps: req.caps,
        cwd: req.cwd,
      });
    } catch (err) {
      throw new ControlError((err as Error).message, { reason: 'refused' });
    }
  },
});
