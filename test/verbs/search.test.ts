import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { until } from '../support/wait.js';
import { readAgent } from '../../src/agents/agent-screen.js';

// The search verb through the real CLI: every agent's screen for a piece of text (any case), hits
// by agent; none is none; an empty query is bad usage; an agent's own process may not search (the
// verb is yours alone: src/hub/who-may.ts has no row for it).

const fleet = fleetHubs();
type Hit = { agent: { id: string; name: string }; source: string; line: string };

describe('botster-tui search QUERY', { timeout: 60_000 }, () => {
  it("finds the text on the agents' screens, by agent; an empty query is refused", async () => {
    const { hub, cli } = await fleet([
      { command: "sh -c 'echo the Needle-77 is here; exec cat'", name: 'one' },
      { command: "sh -c 'echo nothing to see; exec cat'", name: 'two' },
      { command: "sh -c 'echo needle-77 again; exec cat'", name: 'three' },
    ]);
    for (const [id, text] of [
      ['1', 'Needle-77'],
      ['2', 'nothing'],
      ['3', 'needle-77'],
    ])
      await until(`${id} printed`, () => {
        const a = hub.agents.get(id);
        return a && readAgent(a).join('\n').includes(text);
      });
    const r = await cli(['search', 'NEEDLE-77', '--json']);
    expect(r.stderr).toBe('');
    const answer = JSON.parse(r.stdout) as { ok: boolean; query: string; hits: Hit[]; truncated: boolean };
    expect(answer).toMatchObject({ ok: true, query: 'NEEDLE-77', truncated: false });
    expect(answer.hits.map((h) => [h.agent.name, h.source, h.line.trim()])).toEqual([
      ['one', 'screen', 'the Needle-77 is here'],
      ['three', 'screen', 'needle-77 again'],
    ]);

    const none = JSON.parse((await cli(['search', 'no-such-text-q9', '--json'])).stdout) as { hits: Hit[] };
    expect(none.hits).toEqual([]);

    const empty = await cli(['search', '']);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/query/);
  });

  it("an agent's own process may not search", async () => {
    const { hub, home } = await fleet([{ command: "sh -c 'echo secret-word; exec cat'", name: 'sib' }]);
    const s = script(home, 'seeker', ['botster-tui search secret-word']);
    await hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'seeker' }, { focus: false });
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 30000);
    expect(said.match(/rc=\d+/g)).toEqual(['rc=1']);
    expect(said).toMatch(/agent 2 cannot ask for search: only you can/);
    expect(said).not.toMatch(/secret-word\n/);
  });
});
