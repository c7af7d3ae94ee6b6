import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { until } from '../support/hub.js';
import { BUILTIN_SOURCE } from '../../src/commands/builtin-commands.js';

// Two scripts run commands on one hub at once (`botster-tui run`, the real CLI): each is answered
// what its own command came to. The other's error, said on screen while it runs, is not its own.

const hubs = fleetHubs();

describe('botster-tui run answers its own command, not the one another script runs meanwhile', () => {
  it("a slow command's run succeeds though another run's command fails while it waits", async () => {
    const h = await hubs([{ command: 'cat', name: 'one' }], {
      'user/fail.lua': 'commands.register("t.fail", function(app) error("theirs broke") end)',
    });
    let go: () => void = () => {};
    let started = false;
    h.hub.commands.register(
      { id: 't.slow', description: 'waits for the test', category: 'test', source: BUILTIN_SOURCE },
      async (ctx) => {
        started = true;
        await new Promise<void>((r) => (go = r));
        ctx.notify('slow done', 'info');
      },
    );
    const slow = h.cli(['run', 't.slow', '--json']);
    await until('the slow command waiting', () => started, 20000);
    const other = await h.cli(['run', 't.fail']);
    expect(other.status).toBe(1);
    expect(other.stderr).toMatch(/fail\.lua:1: theirs broke/);
    expect(h.hub.state.notice?.text).toMatch(/theirs broke/);
    go();
    const mine = await slow;
    expect(mine.stderr).toBe('');
    expect(mine.status).toBe(0);
    expect(JSON.parse(mine.stdout)).toMatchObject({ ok: true, command: 't.slow', notice: 'slow done' });
  }, 60000);
});
