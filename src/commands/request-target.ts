import type { Agent } from '../agents/agent.js';
import type { Request } from '../hub/requests.js';
import type { RequestContext } from './ports.js';
import { focusTargetOf, isFocusMove } from './focus-rule.js';

// Which agent a request acts on: what the drive rules judge (an agent's `run`, an improvement's hooks).

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
  switch (r.type) {
    case 'send':
      return at(r.id, 'type into');
    case 'send_way_out':
      return at(undefined, 'type into');
    case 'kill':
      return at(r.id, 'stop');
    case 'restart':
      return at(r.id, 'restart');
    case 'close': {
      const agent = agentArg(ctx, r.agent);
      return agent ? { agent, what: 'close' } : null;
    }
    default:
      return null;
  }
}

/** The agent a command's argument names: its number (its id, as listed), or the focused one. */
export function agentArg(ctx: RequestContext, arg: number | string | undefined): Agent | undefined {
  if (typeof arg === 'number') return ctx.agents.get(String(arg));
  if (typeof arg === 'string') return ctx.agents.get(arg);
  return ctx.focused();
}
