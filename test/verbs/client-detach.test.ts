import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { askVerb } from '../support/verb-hubs.js';
import { until } from '../support/wait.js';

// client.detach: the client served leaves; the agents keep running. A hub that is no server has
// no client to detach. `d` in normal mode is this verb's command.

const hubs = useHub();

describe('client.detach', { timeout: 60_000 }, () => {
  it('detaches the client served, from the socket door and its key; no client attached is why not', async () => {
    const detached: string[] = [];
    const hub = await hubs.real({ agents: [{ command: 'cat' }], detach: () => (detached.push('d'), true) });
    expect(await askVerb(hub, 'client.detach')).toEqual({ ok: true });
    hub.input('\x07d');
    await until('d detached it', () => detached.length === 2);
    expect(hub.agents.list()[0].isExited).toBe(false);
    expect(await askVerb(hub, 'client.detach', {}, { kind: 'agent', id: '1' })).toMatchObject({
      ok: false,
      reason: 'refused',
    });
    const alone = await hubs.real({});
    expect(await askVerb(alone, 'client.detach')).toMatchObject({
      ok: false,
      reason: 'failed',
      error: 'needs a hub server with a client attached (plain botster-tui)',
    });
  });
});
