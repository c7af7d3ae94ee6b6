import { packageVersion } from '../wire/version.js';
import type { Verb } from './verb.js';

export const pingVerb: Verb = {
  name: 'ping',
  summary: "whether a hub answers: the installed package's version and how many agents it has",
  may: ['agent'],
  // The installed package's version (what `npm i -g` put there), not a constant.
  act: (deps) => ({ version: packageVersion(), agents: deps.agents.list().length }),
};
