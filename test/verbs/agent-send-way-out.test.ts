import { describe, expect, it } from 'vitest';
import { useHub } from '../support/use-hub.js';
import { askVerb } from '../support/verb-hubs.js';
import { readAgent } from '../../src/agents/agent-screen.js';
import type { Hub } from '../../src/app/hub.js';
import { until } from '../support/wait.js';

// agent.send_way_out: the way-out chord itself (ctrl+g) typed into an agent, as tmux's
// send-prefix; `g` in normal mode sends it to the agent shown and goes back to insert mode. It
// types into the agent: held to the drive rule like send.

const hubs = useHub();
const screen = (hub: Hub, id: string) => readAgent(hub.agents.get(id)!).join('\n');

describe('agent.send_way_out', { timeout: 60_000 }, () => {
  it('types the way-out chord into the agent (cat echoes it as ^G); g does it and goes back to insert mode', async () => {
    const hub = await hubs.real({
      agents: [
        { command: 'cat', name: 'one' },
        { command: 'cat', name: 'two' },
      ],
    });
    await until('both started', () => hub.agents.list().length === 2);
    expect(await askVerb(hub, 'agent.send_way_out', { agent: 'two' })).toEqual({
      ok: true,
      agent: { id: '2', name: 'two' },
    });
    await until('two read ^G', () => screen(hub, '2').includes('^G'));
    // An agent may not type into one it did not start (and an improvement's code never may).
    expect(
      await askVerb(hub, 'agent.send_way_out', { agent: 'one' }, { kind: 'improvement', name: 'i' }),
    ).toMatchObject({
      ok: false,
      reason: 'refused',
    });
    hub.input('\x07');
    await until('normal mode', () => hub.state.client.mode === 'normal');
    hub.input('g');
    await until('one read ^G', () => screen(hub, '1').includes('^G'));
    await until('back in insert mode', () => hub.state.client.mode === 'insert');
  });
});
