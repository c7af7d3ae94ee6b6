import { saidAnswer, saying } from './said.js';
import { defineVerb } from './verb.js';

// `session.resume` and `session.discard`: the offer after a hub died on this home (its session
// file, docs/resume.md): its agents back in their conversations, or a fresh start.

export const sessionResumeVerb = defineVerb({
  name: 'session.resume',
  mcp: false,
  summary:
    "resume the conversations of the hub that died on this home (each agent through its profile's resume)",
  refusals: 'none (nothing on offer says so)',
  args: {},
  answer: saidAnswer,
  act: (deps) => saying(() => deps.sessions.resumeOffer()),
});

export const sessionDiscardVerb = defineVerb({
  name: 'session.discard',
  mcp: false,
  summary:
    'start fresh: drop the offer to resume the agents of the hub that died (kept in session.previous.json)',
  refusals: 'none (nothing on offer says so)',
  args: {},
  answer: saidAnswer,
  act: (deps) => saying(() => deps.sessions.discardOffer()),
});
