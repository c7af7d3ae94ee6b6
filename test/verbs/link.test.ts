import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { RawClient } from '../support/socket-helpers.js';
import { until } from '../support/wait.js';
import { controlRequest } from '../../src/wire/control-client.js';
import { CONTROL_PROTOCOL } from '../../src/wire/control-request.js';
import { readAgent } from '../../src/agents/agent-screen.js';
import { changedAgents } from '../../src/verbs/link.js';
import { initialState } from '../../src/hub/state.js';

// The link verb on the control socket (it has no command: another hub of yours asks it): its first
// line says this hub; then requests by id are answered on it, an agent's changed row comes as it
// changes, a closed agent is said, keys typed over it reach the agent; an argument it does not
// take is refused.

const fleet = fleetHubs();
type Line = Record<string, unknown>;

describe('the link verb', { timeout: 60_000 }, () => {
  it("says this hub, answers requests by id, carries the agents' rows and keys both ways", async () => {
    const { hub, home, socket, cli } = await fleet([
      { command: 'cat', name: 'a' },
      { command: 'cat', name: 'b' },
    ]);
    const c = new RawClient(socket);
    const seen: Line[] = [];
    /** The next line `pred` takes (the hub's other lines, rows and screens, kept in `seen`). */
    const next = async (pred: (l: Line) => boolean): Promise<Line> => {
      for (;;) {
        const l = await c.next();
        if (!l) throw new Error(`the link ended; it said ${JSON.stringify(seen)}`);
        seen.push(l);
        if (pred(l)) return l;
      }
    };
    try {
      await c.connected();
      c.send(JSON.stringify({ v: CONTROL_PROTOCOL, op: 'link' }) + '\n');
      expect(await c.next()).toMatchObject({ ok: true, link: true, home, pid: process.pid });

      c.send(JSON.stringify({ v: CONTROL_PROTOCOL, op: 'agents', id: 7 }) + '\n');
      const rows = await next((l) => l.id === 7);
      expect(rows).toMatchObject({ ok: true });
      expect(JSON.stringify(rows)).toMatch(/"name":"a".*"name":"b"/);

      expect((await cli(['rename', 'b', 'b2'])).status).toBe(0);
      // (other rows may come before it, as what each runs is found)
      const renamed = (l: Line) => l.event === 'agent' && (l.agent as { name?: string }).name === 'b2';
      expect(await next(renamed)).toMatchObject({ agent: { id: '2', name: 'b2' } });

      c.send(JSON.stringify({ op: 'input', agent: '1', data: 'over-the-link\r' }) + '\n');
      await until('the keys reached a', () =>
        readAgent(hub.agents.get('1')!).join('\n').includes('over-the-link'),
      );

      hub.agents.get('2')!.kill();
      await until('b2 exited', () => hub.agents.get('2')?.isExited);
      expect((await cli(['close', 'b2'])).status).toBe(0);
      expect(await next((l) => l.event === 'closed')).toMatchObject({ id: '2' });
    } finally {
      c.destroy();
    }

    const bad = await controlRequest(socket, { op: 'link', agent: '1' });
    expect(bad).toMatchObject({ ok: false, reason: 'usage' });
    expect(String(bad.error)).toMatch(/unknown argument "agent"/);
  });
});

describe('changedAgents', () => {
  it('names the agents whose facts, state or conversation differ; a map left as it was costs nothing', () => {
    const s = initialState(80, 24);
    const facts = {
      name: 'a',
      command: 'cat',
      cwd: '/',
      title: '',
      exit_code: null,
      signal: null,
      program: 'cat',
    };
    const a = { ...s, facts: { ...s.facts, agents: { '1': facts, '2': { ...facts, name: 'b' } } } };
    expect([...changedAgents(s, a)].sort()).toEqual(['1', '2']);
    expect([...changedAgents(a, a)]).toEqual([]);
    // Only 2's conversation changed: only 2.
    const b = { ...a, sessions: { ...a.sessions, '2': 'conv' } };
    expect([...changedAgents(a, b)]).toEqual(['2']);
    // Only 1's facts object was replaced: only 1.
    const c = {
      ...b,
      facts: { ...b.facts, agents: { ...b.facts.agents, '1': { ...facts, program: 'less' } } },
    };
    expect([...changedAgents(b, c)]).toEqual(['1']);
  });
});
