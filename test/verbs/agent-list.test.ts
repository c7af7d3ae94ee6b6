import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { until } from '../support/wait.js';
import { RawClient } from '../support/socket-helpers.js';

// The agents verb (`botster-tui agents`): the hub's agents as listed, each with its id, name,
// command, pid and state; an agent's own process may list them too.

const fleet = fleetHubs();
type Row = { id: string; name: string; command: string; pid: number | null; status: string };

describe('botster-tui agents', { timeout: 60_000 }, () => {
  it("lists the hub's agents as they are, from your shell and from an agent's; an extra argument is bad usage", async () => {
    const { hub, home, cli } = await fleet([
      { command: 'cat', name: 'one' },
      { command: 'exit 3', name: 'short' },
    ]);
    await until('short exited', () => hub.agents.get('2')?.isExited);
    const r = await cli(['agents', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Row[];
    expect(rows.map((a) => [a.id, a.name, a.command, a.pid])).toEqual(
      hub.agents.list().map((a) => [a.id, a.info.name, a.info.command, a.info.pid]),
    );
    expect(rows.map((a) => a.status)).toEqual(['running', 'exited']);

    const s = script(home, 'asker', ['botster-tui agents --json']);
    await hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'asker' }, { focus: false });
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 30000);
    expect(said).toMatch(/rc=0/);
    const seen = JSON.parse(said.slice(0, said.indexOf('rc='))) as Row[];
    expect(seen.map((a) => a.name)).toEqual(['one', 'short', 'asker']);

    const bad = await cli(['agents', 'extra']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/extra/);
  });

  it('tells the time a state began the same at every read while the state holds', async () => {
    const { hub, socket } = await fleet([{ command: 'cat', name: 'one' }]);
    await until('its state settled', () => hub.state.agentStates['1']?.state === 'idle');
    const stamp = hub.state.agentStates['1'];
    const c = new RawClient(socket);
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      c.send('{"op":"agents"}\n');
      const r = (await c.next()) as { agents: Array<{ state_since: string }> };
      seen.add(r.agents[0].state_since);
      await new Promise((r) => setTimeout(r, 1 + (i % 3)));
    }
    c.sock.destroy();
    // (it was Date.now() - performance.now() read anew each time: a millisecond either way)
    expect(hub.state.agentStates['1']).toBe(stamp);
    expect([...seen]).toHaveLength(1);
    expect(
      Math.abs(Date.parse([...seen][0]) - (Date.now() - (performance.now() - stamp.since))),
    ).toBeLessThan(50);
  });
});
