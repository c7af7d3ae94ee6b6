import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { until } from '../support/wait.js';

// The close verb through the real CLI: an agent that exited goes off the list; a running one is
// refused (kill it first); an agent closes what it started, not a sibling.

const fleet = fleetHubs();
type Row = { id: string; name: string };

describe('botster-tui close AGENT', { timeout: 60_000 }, () => {
  it('takes an exited agent off the list; a running one is refused', async () => {
    const { hub, cli } = await fleet([
      { command: 'cat', name: 'a' },
      { command: 'cat', name: 'b' },
    ]);
    const running = await cli(['close', 'a', '--json']);
    expect(running.status).toBe(1);
    expect(running.stderr).toMatch(/agent a \(id:1\) is running/);
    expect(hub.agents.get('1')).toBeDefined();

    hub.agents.get('1')!.kill();
    await until('a exited', () => hub.agents.get('1')?.isExited);
    const closed = await cli(['close', 'a', '--json']);
    expect(closed.stderr).toBe('');
    expect(JSON.parse(closed.stdout)).toEqual({ ok: true, agent: { id: '1', name: 'a' } });
    await until('a is off the list', () => hub.agents.get('1') === undefined);
    const rows = JSON.parse((await cli(['agents', '--json'])).stdout) as Row[];
    expect(rows.map((r) => r.name)).toEqual(['b']);
  });

  it('an agent closes the agent it started, not a sibling', async () => {
    const { hub, home } = await fleet([{ command: 'true', name: 'sib' }], {}, { collaborativeWaitMs: 300 });
    await until('sib exited', () => hub.agents.get('1')?.isExited);
    const s = script(home, 'closer', [
      'botster-tui new --name kid --no-focus -- true',
      'botster-tui wait kid --until exited',
      'botster-tui close kid',
      'botster-tui close sib',
    ]);
    await hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'closer' }, { focus: false });
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 30000);
    expect(said.match(/rc=\d+/g)).toEqual(['rc=0', 'rc=0', 'rc=0', 'rc=1']);
    expect(said).toMatch(/may not close agent sib \(id:1\): it did not start it/);
    expect(hub.agents.list().map((a) => a.info.name)).toEqual(['sib', 'closer']);
  });
});
