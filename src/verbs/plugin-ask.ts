import { ControlError } from '../wire/control-request.js';
import type { Verb } from './verb.js';

// `botster-tui plugin add|grant|enable` typed in an agent: the hub asks you (lua/default/plugins.lua,
// the word typed grants), and the agent is told it was asked; nothing changes by its word alone.
export const pluginAskVerb: Verb = {
  name: 'plugin_ask',
  summary: 'an agent asks you, in the hub, to add, grant or enable a plugin: you answer there',
  may: ['agent'],
  args: {
    action: { type: 'string', required: true },
    source: { type: 'string' },
    name: { type: 'string' },
    caps: { type: 'string' },
    cwd: { type: 'string' },
  },
  act: async (deps, req, call) => {
    const p = await call.who();
    // Yours is done, not asked: `botster-tui plugin` does it in your terminal.
    if (p.kind !== 'agent')
      throw new ControlError('plugin_ask is for agents: you add, grant and enable with botster-tui plugin', {
        reason: 'usage',
      });
    try {
      return deps.askPlugin(p.id, String(req.action), {
        source: req.source as string | undefined,
        name: req.name as string | undefined,
        caps: req.caps as string | undefined,
        cwd: req.cwd as string | undefined,
      });
    } catch (err) {
      throw new ControlError((err as Error).message, { reason: 'refused' });
    }
  },
};
