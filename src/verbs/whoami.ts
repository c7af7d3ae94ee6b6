import { describePrincipal } from '../hub/principal.js';
import type { Verb } from './verb.js';

// Who the hub takes the caller for: told by the kernel (the socket's peer and its ancestry), not by
// the caller's environment. The CLI asks before what only the user may do (plugin add, grant).
export const whoamiVerb: Verb = {
  name: 'whoami',
  summary: 'who the hub takes the caller for: you, or the agent it descends from',
  may: ['agent'],
  act: async (_deps, _req, call) => {
    const principal = await call.who();
    return { principal, says: describePrincipal(principal) };
  },
};
