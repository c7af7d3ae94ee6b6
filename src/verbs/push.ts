import type { Verb } from './verb.js';

// `botster-tui push`: an improvement (Lua) offered to the hub; the user's policy decides.
export const pushVerb: Verb = {
  name: 'push',
  summary: 'offer Lua to the hub as an improvement: your policy (user/policy.lua) decides',
  may: ['agent'],
  ssh: true,
  act: async (deps, req, call) => {
    if (typeof req.name !== 'string' || typeof req.source !== 'string')
      throw new Error('push needs name and source');
    // The agent that offers it is the one the kernel says asked, else the one the request names.
    const named = typeof req.agent_id === 'string' ? req.agent_id : null;
    const p = await call.who();
    const agent = p.kind === 'agent' ? p.id : named;
    return deps.push({ name: req.name, source: req.source, agent_id: agent });
  },
};
