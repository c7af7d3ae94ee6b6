import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { askVerb } from '../support/verb-hubs.js';
import { until } from '../support/wait.js';

// agent.deny_drive: your answer to an agent that asks to drive another: refused, and remembered
// for the pair while both live. Yours alone.

const hubs = useHub();

describe('agent.deny_drive', { timeout: 60_000 }, () => {
  it('refuses the asking agent (the latest when none is named), for the pair', async () => {
    const hub = await hubs.real({
      agents: [
        { command: 'cat', name: 'mine' },
        { command: 'cat', name: 'asker' },
      ],
    });
    await until('both started', () => hub.agents.list().length === 2);
    const asked = hub.drive.ask('2', '1', 'stop');
    await until('it waits for you', () => hub.state.questions.length === 1);
    expect(await askVerb(hub, 'agent.deny_drive', {}, { kind: 'improvement', name: 'i' })).toMatchObject({
      ok: false,
      reason: 'refused',
    });
    expect(await askVerb(hub, 'agent.deny_drive')).toMatchObject({
      ok: true,
      said: expect.stringMatching(/asker/),
    });
    expect(await asked).toBe(false);
    expect(hub.drive.verdict('2', '1')).toBe(false);
  });
});
