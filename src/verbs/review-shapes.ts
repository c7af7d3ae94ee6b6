// What the review_* verbs answer a comment as (src/hub/self.ts CommentFacts), declared once.
import { list, obj, oneOf, opt, str, int } from './shape.js';

export const commentShape = obj({
  id: str('its id on this agent ("c3")'),
  file: str("relative to the agent's folder (its worktree)"),
  line: int('its first line (1-based)'),
  end: int('its last line'),
  side: oneOf(['new', 'old'] as const, 'new: lines of the file now; old: removed lines'),
  snippet: list(str(), 'the lines as the diff showed them when it was made (+, - or a space first)'),
  text: str('the remark'),
  state: oneOf(
    ['new', 'stale', 'sent', 'handled'] as const,
    'new: not sent; stale: not sent, its lines changed since',
  ),
  created: str(),
  sent: opt(str()),
  handled: opt(str()),
});
