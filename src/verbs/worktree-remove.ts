import { saidAnswer, saying } from './said.js';
import { defineVerb } from './verb.js';

// `worktree.remove`: the clean worktree of an agent that exited, on offer (app.worktrees), removed;
// its branch stays (lifecycle/worktree-offers.ts).
export const worktreeRemoveVerb = defineVerb({
  name: 'worktree.remove',
  summary: 'remove the clean worktree of an agent that exited (one of app.worktrees); the branch stays',
  refusals: '`failed` (not on offer, or git failed)',
  args: {
    path: { type: 'path', doc: 'its folder (default: the newest on offer)', cli: { positional: true } },
  },
  answer: saidAnswer,
  act: (deps, req) => saying(() => deps.lifecycle.offers.remove(req.path)),
});
