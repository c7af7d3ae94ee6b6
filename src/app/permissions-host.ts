// The permission questions' port (lifecycle/agent-permissions.ts), filled from the hub's parts.
import os from 'node:os';
import type { AgentPermissionsHost } from '../lifecycle/agent-permissions.js';
import { agentRecord } from '../hub/agent-record.js';
import type { Parts } from './parts.js';
import { sayer } from './say.js';

export function agentPermissionsHost(hub: Parts): AgentPermissionsHost {
  return {
    // (the configuration's policy with the hub as keys and commands see it)
    decide: (q) => hub.lua.permission(q, hub.frame.appData()),
    record: (id) => agentRecord(hub.hubStore.state, id),
    setPending: (id, permission) => hub.hubStore.dispatch({ type: 'agent_facts', id, facts: { permission } }),
    log: (level, message) => hub.log.write(level, message),
    notify: sayer(hub),
    emit: (event, payload, subject) => void hub.events.emit(event, payload, subject),
    home: os.homedir(),
  };
}
