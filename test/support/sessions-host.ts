import fs from 'node:fs';
import { HubSessions } from '../../src/lifecycle/hub-sessions.js';
import type { SessionAgent } from '../../src/lifecycle/session-file.js';
import { tempHome } from './homes.js';

/**
 * HubSessions on a host of nothing but its agents (session.json's tests): `changed` is what the
 * hub's events would call, `keeps` how many times the keepers were given their records.
 */
export function bareSessions(agents: () => SessionAgent[]) {
  const home = tempHome();
  fs.mkdirSync(home, { recursive: true });
  const out = {
    home,
    keeps: 0,
    changed: (_only?: 'keepers') => {},
    sessions: null as unknown as HubSessions,
  };
  out.sessions = new HubSessions({
    home,
    agents,
    watch: (cb) => ((out.changed = cb), () => {}),
    log: () => {},
    notify: () => {},
    resume: async () => [],
    spawn: async () => null,
    emit: () => {},
    keep: () => void out.keeps++,
    disposed: false,
  });
  return out;
}
