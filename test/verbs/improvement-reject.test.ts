import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { askVerb, waitingImprovement } from '../support/verb-hubs.js';

// improvement.reject: your answer to an improvement that waits: it does not go live. Yours alone.

const hubs = useHub();

describe('improvement.reject', { timeout: 60_000 }, () => {
  it('leaves your binding as it was; answered, nothing waits', async () => {
    const hub = await waitingImprovement(hubs);
    expect(await askVerb(hub, 'improvement.reject', {}, { kind: 'agent', id: '1' })).toMatchObject({
      ok: false,
      reason: 'refused',
    });
    expect(await askVerb(hub, 'improvement.reject', { name: 'takeover' })).toEqual({
      ok: true,
      said: expect.stringMatching(/takeover/),
    });
    expect(hub.state.facts.improvements).toEqual([]);
    expect(hub.bindings.find((b) => b.spec === 'w')?.source).toMatch(/user\/keybindings\.lua/);
  });
});
