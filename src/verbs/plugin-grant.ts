import { saidAnswer, saying } from './said.js';
import { defineVerb } from './verb.js';

// `plugin.grant`: an installed plugin granted more of what it asks for (its line in the lock).
export const pluginGrantVerb = defineVerb({
  name: 'plugin.grant',
  summary: 'grant an installed plugin more of the capabilities it asks for',
  refusals: '`failed` (no such plugin, or it does not ask for one of them)',
  args: {
    name: { type: 'string', nonEmpty: true, required: true, doc: 'the plugin', cli: { positional: true } },
    grant: { type: 'strings', required: true, doc: 'the capabilities to grant' },
  },
  answer: saidAnswer,
  act: (deps, req) => saying(() => deps.plugins.grant(req.name, req.grant)),
});
