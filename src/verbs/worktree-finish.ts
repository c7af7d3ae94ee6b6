import { findAgent } from './agents.js';
import { agentOrFocused, saidAnswer, saying } from './said.js';
import { defineVerb } from './verb.js';

// `worktree.finish`: an agent's branch into its base (merge or rebase), then the agent stopped,
// its worktree and branch removed (lifecycle/worktree-flow.ts). Uncommitted work is refused
// unless `force`; a conflict stops it with nothing changed. The dialog that asks first is Lua's
// (lua/default/worktrees.lua).
export const worktreeFinishVerb = defineVerb({
  name: 'worktree.finish',
  summary:
    "merge or rebase an agent's worktree into its base, then stop the agent and remove the worktree and its branch",
  refusals:
    '`no_agent`, `failed` (no worktree the hub made, uncommitted changes without force, no base, a conflict: nothing changed)',
  args: {
    agent: { type: 'agent', doc: 'the agent (default: the focused one)', cli: { positional: true } },
    how: {
      type: 'enum',
      values: ['merge', 'rebase'],
      doc: 'how its commits go into the base (default merge)',
    },
    force: { type: 'boolean', doc: 'even with uncommitted changes (they are lost)' },
  },
  answer: saidAnswer,
  act: (deps, req) =>
    saying(() =>
      deps.worktreeFlow.finish(
        agentOrFocused((r) => findAgent(deps, r), req.agent, deps.store.state.client.focus),
        req.how === 'rebase' ? 'rebase' : 'merge',
        req.force === true,
      ),
    ),
});
