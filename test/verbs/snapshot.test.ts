import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { until } from '../support/wait.js';

// The snapshot verb (`botster-tui snapshot --live [--keys]`): the running hub's frame, after
// pressing keys in it. An agent's keys act only on an agent it may drive.

const fleet = fleetHubs();

describe('botster-tui snapshot --live', { timeout: 60_000 }, () => {
  it("prints the hub's frame and presses keys in it; an agent may not press keys on yours; a bad key spec is refused", async () => {
    const { hub, home, cli } = await fleet(
      [{ command: 'cat', name: 'one' }],
      {},
      { collaborativeWaitMs: 300 },
    );
    hub.agents.get('1')!.write('SNAP-LINE\r');
    await until('cat echoed', () => hub.screen().toText().includes('SNAP-LINE'));

    // An agent's keys on the focused agent (yours): refused, the mode unchanged.
    const s = script(home, 'presser', ['botster-tui snapshot --live --keys ctrl+g']);
    await hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'presser' }, { focus: false });
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 30000);
    expect(said).toMatch(/rc=1/);
    expect(said).toMatch(/may not press keys on agent one/);
    expect(hub.state.client.mode).toBe('insert');

    const r = await cli(['snapshot', '--live']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('SNAP-LINE');
    expect(r.stdout).toContain(' INSERT ');

    const pressed = await cli(['snapshot', '--live', '--keys', 'ctrl+g']);
    expect(pressed.status, pressed.stderr).toBe(0);
    expect(hub.state.client.mode).toBe('normal');
    expect(pressed.stdout).toContain(' NORMAL ');
    expect(pressed.stdout).toContain('SNAP-LINE');

    const bad = await cli(['snapshot', '--live', '--keys', 'ctrl+nope']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/unknown key name "nope" in "ctrl\+nope"/);
    expect(hub.state.client.mode).toBe('normal');
  });
});
