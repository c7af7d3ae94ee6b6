import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { until } from '../support/wait.js';

// The rename verb through the real CLI: the agent is listed by its new name; another agent's name
// is refused; an agent renames itself, not a sibling.

const fleet = fleetHubs();
type Row = { id: string; name: string };

describe('botster-tui rename AGENT NAME', { timeout: 60_000 }, () => {
  it('lists the agent by its new name; a name taken is refused', async () => {
    const { hub, cli } = await fleet([
      { command: 'cat', name: 'a' },
      { command: 'cat', name: 'b' },
    ]);
    const r = await cli(['rename', 'a', 'builder', '--json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, agent: { id: '1', name: 'builder' } });
    expect(hub.agents.get('1')!.info.name).toBe('builder');
    const rows = JSON.parse((await cli(['agents', '--json'])).stdout) as Row[];
    expect(rows.map((x) => [x.id, x.name])).toEqual([
      ['1', 'builder'],
      ['2', 'b'],
    ]);

    const taken = await cli(['rename', 'b', 'builder', '--json']);
    expect(taken.status).toBe(1);
    expect(JSON.parse(taken.stdout)).toMatchObject({ ok: false, reason: 'name' });
    expect(taken.stderr).toMatch(/not renamed/);
    expect(hub.agents.get('2')!.info.name).toBe('b');
  });

  it('an agent renames itself, not a sibling', async () => {
    const { hub, home } = await fleet([{ command: 'cat', name: 'sib' }], {}, { collaborativeWaitMs: 300 });
    const s = script(home, 'namer', ['botster-tui rename namer me-now', 'botster-tui rename sib taken-over']);
    await hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'namer' }, { focus: false });
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 30000);
    expect(said.match(/rc=\d+/g)).toEqual(['rc=0', 'rc=1']);
    expect(said).toMatch(/may not rename agent sib \(id:1\): it did not start it/);
    expect(hub.agents.list().map((a) => a.info.name)).toEqual(['sib', 'me-now']);
  });
});
