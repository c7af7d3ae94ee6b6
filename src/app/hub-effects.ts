import type { Intent } from '../hub/intents.js';
import type { EffectHost } from '../effects/run-effects.js';
import { agentPayload, type EventHost } from './hub-events.js';
import type { Hub } from './hub.js';

/** What the effect runner needs from the hub: the hub's services, as callbacks. */
export function effectHost(hub: Hub): EffectHost {
  return {
    dispatch: (intent) => hub.dispatch(intent as Intent),
    emit: (event, payload, subject) => {
      // focus_changed carries the agent it went to
      if (event === 'focus_changed') {
        const agent = hub.agents.get(String(payload.to));
        if (agent) void hub.events.emit(event, { ...payload, agent: agentPayload(agent.info) });
        return;
      }
      void hub.events.emit(event, payload, subject ?? null);
    },
    log: (level, text) => hub.log.write(level, text),
    // OSC 52 (copy) goes to the client that copied.
    write: (data) => hub.opts.write(data, hub.state.clientId ?? undefined),
    lines: (id, from, to) => {
      const t = hub.agents.get(id)?.terminal;
      if (!t) return null;
      const out: string[] = [];
      for (let i = from; i <= to; i++) out.push(t.lineText(i));
      return out;
    },
    run: (id, arg) => hub.keyAction(hub.runCommand(id, arg, 'palette')),
    choose: (action, value, arg) => hub.keyAction(hub.runner.choose(action, value, arg)),
  };
}

/** What the event bridge needs from the hub: Lua, notes on screen, the app, and applying requests. */
export function eventHost(hub: Hub): EventHost {
  return {
    lua: hub.lua,
    note: (note) => hub.notify(note, 'error'),
    unnote: (note) => hub.dispatch({ type: 'notice_clear', text: note }),
    log: (msg) => hub.log.write('error', msg),
    afterLua: () => hub.runner.scheduleStateSave(),
    view: () => hub.appData(),
    apply: (requests, source) => hub.runner.applyRequests(requests, source),
  };
}
