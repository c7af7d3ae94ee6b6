import { findAgent } from './agents.js';
import { TYPE_INTO } from './drive.js';
import { defineVerb } from './verb.js';
import { agentRef, obj } from './shape.js';

// `agent.send_way_out`: the way-out chord itself (settings.way_out, ctrl+g) typed into an agent, as
// tmux's send-prefix: the hub takes that chord, so this is how an agent gets it. Normal mode's `g`
// runs it for the focused agent and goes back to insert mode.
export const sendWayOutVerb = defineVerb({
  name: 'agent.send_way_out',
  mcp: false,
  summary: 'type the way-out chord itself (settings.way_out, ctrl+g) into an agent',
  drives: TYPE_INTO,
  refusals: '`no_agent`, `refused` (an agent, one it did not start)',
  args: {
    agent: { type: 'agent', required: true, doc: 'the agent to type it into', cli: { positional: true } },
  },
  answer: obj({ agent: agentRef }),
  act: (deps, req) => {
    const agent = findAgent(deps, req.agent);
    deps.lifecycle.sendWayOut(agent);
    return { agent: { id: agent.id, name: agent.info.name } };
  },
});
