import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { askVerb, waitingImprovement } from '../support/verb-hubs.js';
import { until } from '../support/wait.js';

// improvement.accept: your answer to an improvement an agent pushed that waits for you: it goes
// live. Only you answer: the agent that pushed it, or another improvement, is refused. The
// palette's older id (improvements.accept) is this verb's command still.

const hubs = useHub();
const owner = (hub: Awaited<ReturnType<typeof waitingImprovement>>) =>
  hub.bindings.find((b) => b.spec === 'w')?.source ?? '';

describe('improvement.accept', { timeout: 60_000 }, () => {
  it('makes the waiting improvement live; only you may', async () => {
    const hub = await waitingImprovement(hubs);
    for (const who of [
      { kind: 'agent', id: '1' },
      { kind: 'improvement', name: 'other' },
    ] as const)
      expect(await askVerb(hub, 'improvement.accept', { name: 'takeover' }, who)).toMatchObject({
        ok: false,
        refused: expect.stringMatching(/cannot run improvement\.accept: only you answer improvements$/),
      });
    expect(owner(hub)).toMatch(/user\/keybindings\.lua/);
    expect(await askVerb(hub, 'improvement.accept', { name: 'takeover' })).toEqual({
      ok: true,
      said: expect.stringMatching(/^improvement takeover is live \(v\d+\)$/),
    });
    await until('w is its now', () => owner(hub).startsWith('improvements/takeover.lua'));
    expect(hub.state.notice?.text).toMatch(/improvement takeover is live|takes w/);
  });

  it('its older id in the palette and a key still answer (improvements.accept)', async () => {
    const hub = await waitingImprovement(hubs);
    await hub.runCommand('improvements.accept', 'takeover');
    await until('w is its now', () => owner(hub).startsWith('improvements/takeover.lua'));
  });
});
