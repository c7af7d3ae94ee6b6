import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { until } from '../support/wait.js';

// The whoami verb (`botster-tui whoami`): who the hub takes the caller for, told by the kernel:
// you from your shell, the agent from its own process (whatever its environment says).

const fleet = fleetHubs();

describe('botster-tui whoami', { timeout: 60_000 }, () => {
  it('you from your shell, the agent from its own process; an extra argument is bad usage', async () => {
    const { hub, home, cli } = await fleet([{ command: 'cat', name: 'one' }]);
    const you = await cli(['whoami', '--json']);
    expect(you.status, you.stderr).toBe(0);
    const mine = JSON.parse(you.stdout) as { principal: { kind: string }; says: string };
    expect(mine.principal).toEqual({ kind: 'user' });
    expect(mine.says).toMatch(/you/);

    // (its environment names agent 1: the kernel's word wins)
    const s = script(home, 'asker', ['BOTSTER_AGENT_ID=1 botster-tui whoami --json']);
    const started = await hub.lifecycle.spawn(
      { command: 'sh', args: [s.file], name: 'asker' },
      { focus: false },
    );
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 30000);
    expect(said).toMatch(/rc=0/);
    const theirs = JSON.parse(said.slice(0, said.indexOf('rc='))) as {
      principal: { kind: string; id: string };
    };
    expect(theirs.principal).toMatchObject({ kind: 'agent', id: started!.id });
    expect(started!.id).not.toBe('1');

    const bad = await cli(['whoami', 'extra']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/extra/);
  });
});
