import { ControlError, errMessage } from '../wire/control-request.js';
import { findAgent } from './agents.js';
import { agentOrFocused } from './said.js';
import { defineVerb } from './verb.js';
import { bool, int, list, nullable, obj, str } from './shape.js';

// `worktree.status`: what an agent's worktree holds (git runs, keys go on meanwhile): what the
// finish and discard dialogs of lua/default/worktrees.lua show before they ask.

const answer = obj({
  agent: str("the agent's name"),
  agent_id: str("the agent's id"),
  running: bool('the agent still runs'),
  path: str('its folder'),
  branch: str(),
  repo: str('the repository it belongs to'),
  base: nullable(str('the branch it came from (null: gone)')),
  dirty: list(str(), 'changed, staged or untracked files (lost with the folder)'),
  ahead: int('commits the base does not have (what a finish merges)'),
  behind: int('commits of the base the branch does not have'),
  upstream: nullable(str('the branch it pushes to')),
  unpushed: int('commits not pushed to it'),
});

export const worktreeStatusVerb = defineVerb({
  name: 'worktree.status',
  summary: "what an agent's worktree holds: its branch, base, commits ahead, uncommitted files",
  looks: true,
  refusals: '`no_agent`, `failed` (no worktree the hub made, or git failed)',
  args: {
    agent: { type: 'agent', doc: 'the agent (default: the focused one)', cli: { positional: true } },
  },
  answer,
  act: async (deps, req) => {
    const id = agentOrFocused((r) => findAgent(deps, r), req.agent, deps.store.state.client.focus);
    try {
      return await deps.worktreeFlow.status(id);
    } catch (err) {
      throw new ControlError(errMessage(err), { reason: 'failed' });
    }
  },
});
