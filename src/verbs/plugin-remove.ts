import { saidAnswer, saying } from './said.js';
import { defineVerb } from './verb.js';

// `plugin.remove`: a plugin off the lock and out of the home (its Lua unloads at the next load).
export const pluginRemoveVerb = defineVerb({
  name: 'plugin.remove',
  summary: 'remove an installed plugin',
  refusals: '`failed` (no such plugin)',
  args: {
    name: { type: 'string', nonEmpty: true, required: true, doc: 'the plugin', cli: { positional: true } },
  },
  answer: saidAnswer,
  act: (deps, req) => saying(() => deps.plugins.remove(req.name)),
});
