import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { askVerb } from '../support/verb-hubs.js';
import { until } from '../support/wait.js';

// agent.allow_drive: your answer to an agent that asks to type into, read or stop another agent it
// did not start: it may, for that pair, from then on. The agent that asks may not answer for you.

const hubs = useHub();

describe('agent.allow_drive', { timeout: 60_000 }, () => {
  it('lets the asking agent drive the other; the asker cannot answer itself', async () => {
    const hub = await hubs.real({
      agents: [
        { command: 'cat', name: 'mine' },
        { command: 'cat', name: 'asker' },
      ],
    });
    await until('both started', () => hub.agents.list().length === 2);
    const asked = hub.drive.ask('2', '1', 'type into');
    await until('it waits for you', () => hub.state.questions.length === 1);
    expect(
      await askVerb(hub, 'agent.allow_drive', { request: 'd1' }, { kind: 'agent', id: '2' }),
    ).toMatchObject({
      ok: false,
      refused: 'agent 2 cannot answer for agents: only you can',
    });
    expect(await askVerb(hub, 'agent.allow_drive', { request: 'd1' })).toEqual({
      ok: true,
      said: expect.stringMatching(/agent asker .* may now type into.* mine/),
    });
    expect(await asked).toBe(true);
    expect(hub.drive.may('2', '1')).toBe(true);
  });
});
