// `review_comments AGENT`: an agent's review comments, checked against its files first (stale,
// handled); with `at: selection`, where the review panel's cursor points too (the panel's keys ask).
import { ControlError } from '../wire/control-request.js';
import { findAgent } from './agents.js';
import type { VerbArgs } from './args.js';
import { defineVerb } from './verb.js';
import { int, list, nullable, obj, oneOf, opt, str } from './shape.js';
import { commentShape } from './review-shapes.js';

const args = {
  agent: {
    type: 'agent',
    required: true,
    doc: 'the agent whose changes they are on',
    cli: { positional: true },
  },
  at: {
    type: 'enum',
    values: ['selection'],
    doc: "selection: also say where the review panel's cursor points (its selection, else its top line)",
    cli: false,
  },
} as const satisfies VerbArgs;

const place = obj({
  file: str(),
  line: int(),
  end: int(),
  side: oneOf(['new', 'old'] as const),
  snippet: list(str()),
});

export const reviewCommentsVerb = defineVerb({
  name: 'review.comments',
  command: true,
  summary: "an agent's review comments (new, stale, sent, handled)",
  looks: true,
  refusals: '`no_agent`, `usage` (at: selection without a review panel on that agent)',
  args,
  answer: obj({
    comments: list(commentShape),
    at: opt(obj({ place: nullable(place), comment: nullable(str()) }, 'with at: selection')),
  }),
  act: async (deps, req) => {
    const agent = findAgent(deps, req.agent);
    const comments = await deps.review.comments.check(agent.id);
    if (req.at !== 'selection') return { comments };
    try {
      return { comments, at: deps.review.at(agent.id) };
    } catch (err) {
      throw new ControlError((err as Error).message, { reason: 'usage' });
    }
  },
});
