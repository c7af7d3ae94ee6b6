import { findAgent } from './agents.js';
import { agentOrFocused, saidAnswer, saying } from './said.js';
import { defineVerb } from './verb.js';

// `worktree.discard`: the agent stopped, its worktree removed whatever it holds and its branch
// deleted (lifecycle/worktree-flow.ts). What would be lost is Lua's to show first.
export const worktreeDiscardVerb = defineVerb({
  name: 'worktree.discard',
  summary: 'stop an agent, remove its worktree (changes and all) and delete its branch',
  refusals: '`no_agent`, `failed` (no worktree the hub made, or git failed)',
  args: {
    agent: { type: 'agent', doc: 'the agent (default: the focused one)', cli: { positional: true } },
  },
  answer: saidAnswer,
  act: (deps, req) =>
    saying(() =>
      deps.worktreeFlow.discard(
        agentOrFocused((r) => findAgent(deps, r), req.agent, deps.store.state.client.focus),
      ),
    ),
});
