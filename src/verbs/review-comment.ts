// `review_comment AGENT FILE:LINE[-LINE] TEXT`: a review comment on an agent's changes. `at` is a
// place in its folder (`FILE:LINE (removed)`: removed lines, by old-file number), or `selection`:
// the lines selected in the review panel (or the line at its top), as the panel's `c` comments them.
import { ControlError } from '../wire/control-request.js';
import { findAgent } from './agents.js';
import type { VerbArgs } from './args.js';
import { defineVerb } from './verb.js';
import { obj } from './shape.js';
import { commentShape } from './review-shapes.js';
import { parseAt, type ReviewPlace } from '../review/review-at.js';

const args = {
  agent: {
    type: 'agent',
    required: true,
    doc: 'the agent whose changes it is on',
    cli: { positional: true },
  },
  at: {
    type: 'string',
    required: true,
    nonEmpty: true,
    doc: "FILE:LINE or FILE:LINE-LINE (FILE relative to its folder; the file's lines now), FILE:LINE (removed) or FILE:LINE-LINE (removed) (removed lines, numbered in the old file), or selection (the review panel's)",
    cli: { positional: true },
  },
  text: { type: 'string', required: true, nonEmpty: true, doc: 'the remark', cli: { positional: true } },
  side: {
    type: 'enum',
    values: ['new', 'old'],
    doc: "whose lines LINE-LINE count: the file's now (new, the default) or the removed ones (old, as FILE:LINE (removed) says)",
    cli: false,
  },
  snippet: {
    type: 'strings',
    maxItems: 500,
    doc: "the lines as the diff shows them (+, - or a space first): default, the file's",
    cli: false,
  },
} as const satisfies VerbArgs;

export const reviewCommentVerb = defineVerb({
  name: 'review.comment',
  command: true,
  summary: "comment on lines of an agent's changes (sent with review.send)",
  drives: 'comment on the changes of',
  refusals: '`no_agent`, `usage` (a place that is no line of a hunk, a line past the end of its file)',
  args,
  answer: obj({ comment: commentShape }),
  act: async (deps, req) => {
    const agent = findAgent(deps, req.agent);
    let place: ReviewPlace;
    if (req.at === 'selection') {
      let got: ReturnType<typeof deps.review.at>;
      try {
        got = deps.review.at(agent.id);
      } catch (err) {
        throw new ControlError((err as Error).message, { reason: 'usage' });
      }
      if (!got.place)
        throw new ControlError('no line of a hunk there: move to the lines to comment (j/k)', {
          reason: 'usage',
        });
      place = got.place;
      deps.review.endSelection(agent.id);
    } else {
      const p = parseAt(req.at);
      if (!p)
        throw new ControlError(
          `review_comment: at must be FILE:LINE[-LINE] or FILE:LINE[-LINE] (removed), got "${req.at}"`,
          { reason: 'usage' },
        );
      if (p.side === 'old' && req.side === 'new')
        throw new ControlError(`review_comment: "${req.at}" names removed lines, and side says new`, {
          reason: 'usage',
        });
      // The place's own words first ("(removed)"), else side (the panel's selection sends it).
      const side = p.side === 'old' ? 'old' : (req.side ?? 'new');
      try {
        place = req.snippet?.length
          ? { ...p, side, snippet: req.snippet }
          : { ...p, side, ...(await deps.review.snippet(agent.id, p.file, p.line, p.end, side)) };
      } catch (err) {
        throw new ControlError(`review_comment: ${(err as Error).message}`, { reason: 'usage' });
      }
    }
    return { comment: await deps.review.comments.add(agent.id, { ...place, text: req.text }) };
  },
});
