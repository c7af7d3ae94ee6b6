import { ControlError, errMessage } from '../wire/control-request.js';
import { defineVerb } from './verb.js';
import { bool, list, obj, str } from './shape.js';

// `plugin.fetch`: a plugin fetched (git, npm or a folder) and shown before you grant it anything:
// the grant dialog (lua/default/plugins.lua) shows this answer, and plugin.add installs it by its
// token with what you granted. Nothing is installed here.

const answer = obj({
  token: str('what plugin.add installs it by (it waits until the next fetch)'),
  name: str(),
  version: str(),
  description: str(),
  provides: list(str(), 'what it adds (commands, keys, layouts...)'),
  wants: list(obj({ name: str('a capability'), what: str('what it allows') }), 'what it asks you to grant'),
  card: list(str(), 'what its code does, read from its files (as plugin info shows it), a line each'),
  installed: bool('a plugin of this name is installed already'),
});

export const pluginFetchVerb = defineVerb({
  name: 'plugin.fetch',
  mcp: false,
  // (it fetches and shows: nothing is installed, nothing in the hub changes but the token it keeps)
  looks: true,
  summary: 'fetch a plugin and show what it is and asks for (plugin.add installs it with what you grant)',
  refusals: '`failed` (it could not be fetched, or is no plugin)',
  args: {
    source: {
      type: 'string',
      nonEmpty: true,
      required: true,
      doc: "a git URL, github:owner/repo, npm:NAME or a folder (relative: to the focused agent's)",
      cli: { positional: true },
    },
  },
  answer,
  act: async (deps, req) => {
    const focus = deps.store.state.client.focus;
    const cwd = (focus !== null && deps.agents.get(focus)?.cwd) || process.cwd();
    try {
      return await deps.plugins.fetch(req.source, cwd);
    } catch (err) {
      throw new ControlError(errMessage(err), { reason: 'failed' });
    }
  },
});
