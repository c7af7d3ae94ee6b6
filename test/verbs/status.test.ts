import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { until } from '../support/wait.js';

// The status verb (`botster-tui status AGENT`): an agent's state, and who said so, as the hub holds
// it; an agent's own process may ask.

const fleet = fleetHubs();

describe('botster-tui status', { timeout: 60_000 }, () => {
  it("answers the agent's state as the hub holds it; a name no agent goes by is refused", async () => {
    const { hub, home, cli } = await fleet([
      { command: 'cat', name: 'one' },
      { command: 'exit 3', name: 'short' },
    ]);
    await until('short exited', () => hub.state.agentStates['2']?.state === 'exited');
    const r = await cli(['status', 'short', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const st = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(st).toMatchObject({
      agent: { id: '2', name: 'short', command: 'exit 3' },
      state: 'exited',
      source: hub.state.agentStates['2'].source,
    });
    const one = JSON.parse((await cli(['status', '1', '--json'])).stdout) as Record<string, unknown>;
    expect(one).toMatchObject({
      agent: { id: '1', name: 'one' },
      state: hub.state.agentStates['1']?.state ?? 'running',
    });
    expect(one.state).not.toBe('exited');

    const s = script(home, 'asker', ['botster-tui status short --json']);
    await hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'asker' }, { focus: false });
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 30000);
    expect(said).toMatch(/rc=0/);
    expect(JSON.parse(said.slice(0, said.indexOf('rc=')))).toMatchObject({
      agent: { id: '2' },
      state: 'exited',
    });

    const bad = await cli(['status', 'nobody']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/no agent "nobody"/);
  });
});
