import { describe, expect, it } from 'vitest';
import { bareSessions } from '../support/sessions-host.js';
import type { SessionAgent } from '../../src/lifecycle/session-file.js';

// A conversation id reported just after a write of session.json (an agent moved to another account
// and resumed, issue 84) calls off the write planned a gap later: a Timeout. Cleared with
// clearImmediate, node counted an immediate gone that never was, and the process's next
// setImmediate (the hub's next frame) never ran: the screen froze. Alone in its file (its own
// process): a test before it that did the same would have put node's count off already.
describe('session.json written at once within the gap after the last write', () => {
  it('leaves the process its immediates', async () => {
    const bare = bareSessions(() => [{ id: '1', command: 'sh', cwd: bare.home } as SessionAgent]);
    const { sessions } = bare;
    sessions.record();
    sessions.changed(true);
    bare.changed(); // (within the gap after that write: planned as a Timeout)
    sessions.changed(true);
    // Broken, the immediate never runs: only the bound settles this (it is no timing: never vs. at once).
    const ran = await new Promise<boolean>((resolve) => {
      const bound = setTimeout(() => resolve(false), 2000);
      setImmediate(() => {
        clearTimeout(bound);
        resolve(true);
      });
    });
    sessions.dispose();
    expect(ran).toBe(true);
  });
});
