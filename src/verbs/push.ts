import { defineVerb } from './verb.js';
import { open } from './shape.js';

// `botster-tui push`: an improvement (Lua) offered to the hub; the user's policy decides.
export const pushVerb = defineVerb({
  name: 'push',
  summary: 'offer Lua to the hub as an improvement: your policy (user/policy.lua) decides',
  ssh: true,
  args: {
    name: { type: 'string', required: true, doc: "the improvement's name", cli: false },
    source: { type: 'string', required: true, doc: 'its Lua', cli: false },
    agent_id: {
      type: 'string',
      doc: 'the agent offering it, where the kernel cannot be asked (else the kernel says)',
      cli: false,
    },
    from_agent: {
      type: 'boolean',
      doc: 'an agent asks (older clients say so; the kernel decides)',
      cli: false,
    },
  },
  answer: open({}, "the policy's decision (see botster-tui push --help)"),
  act: async (deps, req, call) => {
    // The agent that offers it is the one the kernel says asked, else the one the request names.
    const named = typeof req.agent_id === 'string' ? req.agent_id : null;
    const p = await call.who();
    const agent = p.kind === 'agent' ? p.id : named;
    return deps.push({ name: String(req.name), source: String(req.source), agent_id: agent });
  },
});
