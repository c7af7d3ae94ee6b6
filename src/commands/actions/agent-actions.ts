// Agents' lives: start, type into, stop, restart, close.
import { typeInto } from '../../agents/type-into.js';
import { luaStarted } from '../lua-drive.js';
import { agentArg } from '../request-target.js';
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
  send: (ctx, r) => {
    const agent = ctx.agents.get(r.id ?? ctx.store.state.client.focus ?? '');
    if (!agent || agent.isExited) {
      const why = agent
        ? `agent ${agent.info.name} has exited: nothing reads what you send`
        : 'no agent to send to';
      ctx.notify(why, 'info');
      return { typed: false, why };
    }
    try {
      typeInto(ctx, agent, r.text, r.keys);
    } catch (err) {
      const why = `app:send: ${(err as Error).message}`;
      ctx.notify(why);
      return { typed: false, why };
    }
    return { typed: true };
  },
  kill: async (ctx, r) => {
    const agent = ctx.agents.get(r.id ?? ctx.store.state.client.focus ?? '');
    return agent ? ctx.lifecycle.kill(agent) : { stopped: false, why: 'no agent to stop' };
  },
  restart: async (ctx, r, _from, who) => {
    const id = r.id ?? ctx.store.state.client.focus;
    if (id) await ctx.lifecycle.restart(id, r.spec, who.agent?.id);
  },
  close: (ctx, r) => ctx.lifecycle.close(agentArg(ctx, r.agent)),
  send_way_out: (ctx) => ctx.lifecycle.sendWayOut(),
};
