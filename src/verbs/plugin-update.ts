import { saidAnswer, saying } from './said.js';
import { defineVerb } from './verb.js';

// `plugin.update`: an installed plugin fetched again from its source (a new version asks again
// for what it newly wants: it is not granted unseen).
export const pluginUpdateVerb = defineVerb({
  name: 'plugin.update',
  summary: 'fetch an installed plugin again from its source',
  refusals: '`failed` (no such plugin, or it could not be fetched)',
  args: {
    name: { type: 'string', nonEmpty: true, required: true, doc: 'the plugin', cli: { positional: true } },
  },
  answer: saidAnswer,
  act: (deps, req) => saying(() => deps.plugins.update(req.name)),
});
