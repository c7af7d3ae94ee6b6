// Agents' lives the verbs do not carry themselves: a start (the new verb's, and a key's), the way-out key.
import { luaStarted } from '../lua-drive.js';
import { luaStarter, type Actions } from './action.js';

export const agentActions: Actions = {
  start_agent: async (ctx, r, from, who) => {
    // (an agent's word starts it in that agent's box)
    const started = await ctx.lifecycle.start(r.spec, {
      focus: r.focus,
      ...(r.cwd ? { cwd: r.cwd } : {}),
      ...(who.agent || r.within ? { within: who.agent?.id ?? r.within } : {}),
      worktreeRequired: true,
    });
    // An agent drives the agents its script started.
    if (typeof from.by === 'object' && 'agent' in started) ctx.drive.started(started.agent.id, from.by.id);
    const lua = luaStarter(who.lua);
    if (lua && 'agent' in started) luaStarted(ctx, who.lua, lua, started.agent.id);
    return started;
  },
  send_way_out: (ctx) => ctx.lifecycle.sendWayOut(),
};
