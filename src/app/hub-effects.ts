import type { Intent } from '../hub/intents.js';
import type { EffectHost } from '../effects/run-effects.js';
import { agentPayload, type EventHost } from '../effects/hub-events.js';
import type { Hub } from './hub.js';
import { statusOf, type AgentState } from '../hub/agent-state.js';
import { programName, stateFields } from '../status/hub-status.js';
import type { SessionsHost } from '../lifecycle/hub-sessions.js';

/** Hub events after which session.json is out of date. */
const RECORDED_EVENTS = new Set(['agent_spawned', 'agent_state_changed', 'agent_exited']);

/** What session.json and resuming need from the hub (lifecycle/hub-sessions.ts). */
export function sessionsHost(hub: Hub): SessionsHost {
  return {
    home: hub.opts.home,
    agents: () => hub.sessionAgents(),
    watch: (changed) => {
      const tap = (event: string) => {
        if (RECORDED_EVENTS.has(event)) changed();
      };
      hub.events.taps.add(tap);
      const offRemoved = hub.agents.onRemoved(() => changed());
      return () => {
        hub.events.taps.delete(tap);
        offRemoved();
      };
    },
    log: (level, message) => hub.log.write(level, message),
    notify: (text, level) => hub.notify(text, level),
    resume: (agents) => hub.lua.resume(agents),
    spawn: async (spec, carry) => {
      const agent = await hub.lifecycle.spawn(spec, { focus: false, carry });
      if (agent && !hub.focused) hub.dispatch({ type: 'focus', id: agent.info.id });
      return agent?.info.name ?? null;
    },
    emit: (event, payload) => void hub.events.emit(event, payload),
    get disposed() {
      return hub.disposed;
    },
  };
}

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
      if (event === 'agent_state_changed') return stateChanged(hub, payload);
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

/**
 * agent_state_changed with the agent (its state fields included), and agent_status_changed when
 * the older coarse status changed with it (done counts as idle there).
 */
function stateChanged(hub: Hub, p: Record<string, unknown>): void {
  const agent = hub.agents.get(String(p.id));
  if (!agent) return;
  const info = agent.info;
  const facts = { ...agentPayload(info), program: programName(agent), ...stateFields(hub.state.agentStates[info.id]), shown: hub.frame.seen(info.id) };
  const from = String(p.from) as AgentState;
  const to = String(p.to) as AgentState;
  void hub.events.emit('agent_state_changed', { agent: facts, from, to, reason: p.reason ?? null }, info.name);
  if (statusOf(from) !== statusOf(to)) void hub.events.emit('agent_status_changed', { agent: { ...facts, status: statusOf(to) }, from: statusOf(from), to: statusOf(to) }, info.name);
}
