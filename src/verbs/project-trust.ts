import { saidAnswer, saying } from './said.js';
import { defineVerb } from './verb.js';

// `project.trust` and `project.untrust`: a repository's `.botster/` loads as yours (its setup script
// runs) from now on, or runs in the sandbox again (reload/hub-projects.ts). Yours alone: a
// project's own Lua, an improvement or an agent never raises trust.

/** The repository either verb names. */
const projectPath = {
  type: 'string',
  nonEmpty: true,
  required: true,
  doc: 'a folder of the repository (one of app.projects, ~ allowed)',
  cli: { positional: true },
} as const;

export const projectTrustVerb = defineVerb({
  name: 'project.trust',
  summary: "trust a project's .botster/ as it is now: its files load as yours (a change asks again)",
  refusals: '`failed` (no .botster/ there, or it changed since the question showed it)',
  args: {
    path: projectPath,
    hash: {
      type: 'string',
      doc: 'the contents the question showed (app.projects[i].hash): trusted only if still so',
    },
  },
  answer: saidAnswer,
  act: (deps, req) => saying(() => deps.projects.trust(req.path, true, req.hash)),
});

export const projectUntrustVerb = defineVerb({
  name: 'project.untrust',
  summary: "no longer trust a project's .botster/: its files run in the sandbox",
  refusals: '`failed` (no .botster/ there)',
  args: {
    path: projectPath,
  },
  answer: saidAnswer,
  act: (deps, req) => saying(() => deps.projects.trust(req.path, false)),
});
