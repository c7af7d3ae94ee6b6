import { saidAnswer, saying } from './said.js';
import { defineVerb } from './verb.js';

// `plugin.enable` and `plugin.disable`: an installed plugin loads, or stays installed and loads
// no more (its line in the lock).

const args = {
  name: { type: 'string', nonEmpty: true, required: true, doc: 'the plugin', cli: { positional: true } },
} as const;

export const pluginEnableVerb = defineVerb({
  name: 'plugin.enable',
  summary: 'load an installed plugin again',
  refusals: '`failed` (no such plugin)',
  args,
  answer: saidAnswer,
  act: (deps, req) => saying(() => deps.plugins.enable(req.name, true)),
});

export const pluginDisableVerb = defineVerb({
  name: 'plugin.disable',
  summary: 'keep a plugin installed but load it no more',
  refusals: '`failed` (no such plugin)',
  args,
  answer: saidAnswer,
  act: (deps, req) => saying(() => deps.plugins.enable(req.name, false)),
});
