import { saidAnswer, saying } from './said.js';
import { defineVerb } from './verb.js';

// `plugin.add`: installs the plugin plugin.fetch showed (by its token) with what you granted it.
// Yours alone: nothing grants itself.
export const pluginAddVerb = defineVerb({
  name: 'plugin.add',
  mcp: false,
  summary: 'install the plugin plugin.fetch showed, granted the capabilities you name',
  refusals: '`failed` (no longer waiting: fetch it again; or it could not be installed)',
  args: {
    token: { type: 'string', nonEmpty: true, required: true, doc: "plugin.fetch's token" },
    grant: { type: 'strings', doc: 'the capabilities you grant it (of those it asks for)' },
  },
  answer: saidAnswer,
  act: (deps, req) => saying(() => deps.plugins.add(req.token, req.grant ?? [])),
});
