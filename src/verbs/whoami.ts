import { describePrincipal } from '../hub/principal.js';
import { defineVerb } from './verb.js';
import { any, obj, str } from './shape.js';

// Who the hub takes the caller for: told by the kernel (the socket's peer and its ancestry), not by
// the caller's environment. The CLI asks before what only the user may do (plugin add, grant).
export const whoamiVerb = defineVerb({
  name: 'whoami',
  command: true,
  looks: true,
  summary: 'who the hub takes the caller for: you, or the agent it descends from',
  args: {},
  answer: obj({
    principal: any('{kind: "user"} or {kind: "agent", id, why?}'),
    says: str('who, in words'),
  }),
  act: async (_deps, _req, call) => {
    const principal = await call.who();
    return { principal, says: describePrincipal(principal) };
  },
});
