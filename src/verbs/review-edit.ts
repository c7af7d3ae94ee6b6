// `review_edit AGENT ID`: a review comment's new text, marked handled (or not), or deleted.
import { ControlError } from '../wire/control-request.js';
import { findAgent } from './agents.js';
import type { VerbArgs } from './args.js';
import { defineVerb } from './verb.js';
import { bool, obj } from './shape.js';
import { commentShape } from './review-shapes.js';

const args = {
  agent: {
    type: 'agent',
    required: true,
    doc: 'the agent whose changes it is on',
    cli: { positional: true },
  },
  id: {
    type: 'string',
    required: true,
    nonEmpty: true,
    doc: 'the comment ("c3")',
    cli: { positional: true },
  },
  text: { type: 'string', nonEmpty: true, doc: 'its new remark' },
  handled: { type: 'boolean', doc: 'mark it handled (false: not handled)' },
  remove: { type: 'boolean', doc: 'delete it' },
} as const satisfies VerbArgs;

export const reviewEditVerb = defineVerb({
  name: 'review.edit',
  command: true,
  summary: 'change a review comment: its text, handled or not, or delete it',
  drives: 'comment on the changes of',
  refusals: '`no_agent`, `usage` (no such comment)',
  args,
  answer: obj({ comment: commentShape, removed: bool() }),
  act: (deps, req) => {
    const agent = findAgent(deps, req.agent);
    try {
      const comment = deps.review.comments.change(agent.id, req.id, {
        ...(req.text !== undefined ? { text: req.text } : {}),
        ...(req.handled !== undefined ? { handled: req.handled } : {}),
        ...(req.remove ? { remove: true } : {}),
      });
      return { comment, removed: req.remove === true };
    } catch (err) {
      throw new ControlError((err as Error).message, { reason: 'usage' });
    }
  },
});
