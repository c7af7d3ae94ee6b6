import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { askLine, read, script } from '../support/agent-script.js';
import { until } from '../support/wait.js';
import { controlRequest } from '../../src/wire/control-client.js';

// The usage verb (Claude Code's status line sends it; any CLI's wrapper can, `botster-tui usage`):
// an agent's cost and limits, kept as its facts and listed by `agents`. An agent reports its own,
// not a sibling's.

const fleet = fleetHubs();

describe('the usage verb', { timeout: 60_000 }, () => {
  it("keeps the agent's reported usage as its facts, shown by agents; a bad percent is refused", async () => {
    const { hub, socket, cli } = await fleet([{ command: 'cat', name: 'one' }]);
    const {
      id: _id,
      v: _v,
      home: _home,
      ...r
    } = await controlRequest(socket, {
      op: 'usage',
      agent: 'one',
      tokens: 1200,
      cost: 0.123456,
      context_pct: 33.33,
      limits: { five_hour: '42' },
      resets: { five_hour: '1900000000' },
      model: 'opus',
    } as never);
    const usage = {
      tokens: 1200,
      cost: 0.1235,
      context_pct: 33.3,
      limits: { five_hour: { used_pct: 42, resets_at: 1900000000 } },
      model: 'opus',
      source: 'report',
    };
    expect(r).toEqual({ ok: true, agent: { id: '1', name: 'one' }, usage });
    expect(hub.state.facts.agents['1'].usage).toEqual(usage);
    const rows = JSON.parse((await cli(['agents', '--json'])).stdout) as Array<{ usage?: unknown }>;
    expect(rows[0].usage).toEqual(usage);

    const bad = await controlRequest(socket, {
      op: 'usage',
      agent: 'one',
      limits: { five_hour: 'lots' },
    } as never);
    expect(bad).toMatchObject({
      ok: false,
      reason: 'usage',
      error: expect.stringMatching(/five_hour must be a percent/),
    });
    expect(hub.state.facts.agents['1'].usage).toEqual(usage);
  });

  it("an agent reports its own usage (its command, a limit per --used), not a sibling's", async () => {
    const { hub, home } = await fleet([{ command: 'cat', name: 'one' }], {}, { collaborativeWaitMs: 300 });
    const s = script(home, 'reporter', [
      `echo "reply $(botster-tui usage reporter --tokens 7 --used five_hour=12 --used weekly=3.5 --resets five_hour=1900000000 --json)"`,
      askLine({ op: 'usage', agent: 'one', tokens: 9 }),
      'botster-tui usage reporter --used five_hour',
    ]);
    const me = await hub.lifecycle.spawn(
      { command: 'sh', args: [s.file], name: 'reporter' },
      { focus: false },
    );
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 30000);
    const replies = [...said.matchAll(/reply (.*)/g)].map((m) => JSON.parse(m[1]) as Record<string, unknown>);
    const limits = { five_hour: { used_pct: 12, resets_at: 1900000000 }, weekly: { used_pct: 3.5 } };
    expect(replies[0]).toMatchObject({ usage: { tokens: 7, limits } });
    expect(replies[1]).toMatchObject({ ok: false, reason: 'refused' });
    expect(said).toMatch(/--used takes NAME=VALUE, got "five_hour"\nrc=2/);
    expect(hub.state.facts.agents[me!.id].usage).toMatchObject({ tokens: 7, limits });
    expect(hub.state.facts.agents['1'].usage).toBeUndefined();
  });
});
