import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { askVerb } from '../support/verb-hubs.js';
import { until } from '../support/wait.js';

// client.suspend: the served client's terminal suspended like ctrl+z in a shell (its older id
// app.suspend still names it); a hub with no terminal of its own has nothing to suspend.

const hubs = useHub();

describe('client.suspend', { timeout: 60_000 }, () => {
  it("suspends the client's terminal (ctrl+z in normal mode, and its older id); none is why not", async () => {
    const suspended: string[] = [];
    const hub = await hubs.real({
      files: { 'user/keybindings.lua': 'keys.bind("normal", "F7", "app.suspend")' },
      suspend: () => (suspended.push('z'), true),
    });
    expect(await askVerb(hub, 'client.suspend')).toEqual({ ok: true });
    hub.input('\x07\x1a');
    hub.input('\x1b[18~');
    await until('ctrl+z and F7 suspended it', () => suspended.length === 3);
    const none = await hubs.real({});
    expect(await askVerb(none, 'client.suspend')).toMatchObject({
      ok: false,
      reason: 'failed',
      error: 'needs a hub running in a terminal',
    });
  });
});
