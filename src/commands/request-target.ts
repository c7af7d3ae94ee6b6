import type { Agent } from '../agents/agent.js';
import type { Request } from '../hub/requests.js';
import type { RequestContext } from './ports.js';
import { focusTargetOf, isFocusMove } from './focus-rule.js';

// Which agent a request acts on: what the drive rules judge (an agent's `run`, an improvement's hooks):
// a focus move, and the way-out key typed into the focused agent.

/** The agent a request acts on, and how people say it ("stop", "type into"). */
export function targetOf(ctx: RequestContext, r: Request): { agent: Agent; what: string } | null {
  const focused = ctx.store.state.client.focus ?? '';
  const at = (id: string | undefined, what: string) => {
    const agent = ctx.agents.get(id ?? focused);
    return agent ? { agent, what } : null;
  };
  if (isFocusMove(r)) {
    // Showing the agent already shown moves nothing.
    const to = focusTargetOf(ctx.store.state, r);
    return to === undefined || to === focused ? null : at(to, 'focus');
  }
  // (What stops, restarts, closes or types into an agent is a verb, judged by verbs/drive.ts.)
  return r.type === 'send_way_out' ? at(undefined, 'type into') : null;
}
