import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { until } from '../support/hub.js';
import type { Hub } from '../../src/app/hub.js';

// Names are unique and never the hub's (docs/security.md): an agent that takes your agent's name
// (tmux's select-pane -T, `botster-tui rename`, `new --name`) gets a name of its own or a refusal,
// so your `send victim` and `read victim` still mean your agent. Real processes: a shell agent's
// script calls the real CLI and the hub's tmux surface against a hub with its control socket.

const hubs = fleetHubs();

const names = (hub: Hub) => hub.agents.list().map((a) => `${a.id} ${a.info.name}`);

describe("an agent's name is its own and never the hub's", () => {
  it("from inside an agent: the name of your agent is suffixed (tmux) or refused (rename, new); the hub's names, numbers and control characters are refused", async () => {
    const h = await hubs([{ command: 'cat', name: 'victim' }], {}, { collaborativeWaitMs: 300 });
    const me = '"$BOTSTER_AGENT_ID"';
    const s = script(h.home, 'sneak', [
      'tmux select-pane -T victim',
      'botster-tui agents --json | grep -o \'"name": *"victim[^"]*"\'',
      'botster-tui read victim',
      `botster-tui rename ${me} victim`,
      `botster-tui rename ${me} VICTIM`,
      `botster-tui rename ${me} "The hub"`,
      `botster-tui rename ${me} 1`,
      `botster-tui rename ${me} "$(printf 'a\\033[2Jb')"`,
      "botster-tui new --name 'The hub' -- cat",
      'botster-tui new --name hub -- cat',
      'botster-tui new --name victim -- cat',
      'tmux new-window -d -n victim cat',
      `botster-tui rename ${me} sneaky`,
    ]);
    await h.hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'sneak' }, { focus: false });
    const out = await until('the script ran', () => read(s.out).includes('done') && read(s.out), 40000);
    const rcs = out.match(/rc=\d+/g);
    // tmux never refuses a title: the agent is victim-2, not victim; the others are refused.
    expect(rcs).toEqual([
      'rc=0',
      'rc=0',
      'rc=1',
      'rc=1',
      'rc=1',
      'rc=1',
      'rc=1',
      'rc=1',
      'rc=1',
      'rc=1',
      'rc=1',
      'rc=0',
      'rc=0',
    ]);
    expect(out).toMatch(/"name": *"victim-2"/);
    // Its `read victim` was about your agent, and the hub's question says so by the hub's ids.
    expect(h.hub.state.questions.map((q) => q.overlay.title)).toContain(
      'agent victim-2 (id 2) asks to read agent victim (id 1)',
    );
    expect(out).toContain('not renamed: "victim" is taken by agent victim (id 1)');
    expect(out).toContain('not renamed: "VICTIM" is taken by agent victim (id 1)');
    expect(out).toContain('not renamed: "The hub" is the hub\'s name: an agent cannot go by it');
    expect(out).toContain(
      'not renamed: "1" is a number: a number names the agent with that id, never another',
    );
    expect(out).toContain('not renamed: a name cannot hold control characters');
    expect(out).toContain('not started: "The hub" is the hub\'s name');
    expect(out).toContain('not started: "hub" is the hub\'s name');
    expect(out).toContain('not started: "victim" is taken by agent victim (id 1)');
    // The refused ones started nothing; tmux's new window is named apart (victim-2 was the agent's then); the last rename (free) holds.
    expect(names(h.hub)).toEqual(['1 victim', '2 sneaky', '3 victim-3']);

    // Your `send victim` reaches your agent, and `read victim` reads it.
    expect((await h.cli(['send', 'victim', 'TO-THE-REAL-ONE', '--keys', 'enter'])).status).toBe(0);
    const r = await until('read victim shows it', async () => {
      const got = await h.cli(['read', 'victim']);
      return got.stdout.includes('TO-THE-REAL-ONE') && got;
    });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('victim-2');
    // You rename to a free name; a taken one is refused to you too.
    expect((await h.cli(['rename', '2', 'helper'])).status).toBe(0);
    const taken = await h.cli(['rename', '2', 'victim']);
    expect(taken.status).not.toBe(0);
    expect(taken.stderr).toContain('"victim" is taken by agent victim (id 1)');
    expect(names(h.hub)).toEqual(['1 victim', '2 helper', '3 victim-3']);
    expect(h.hub.state.facts.agents['2'].name).toBe('helper');
  }, 90000);

  it('a name two agents go by names neither: the lookup refuses and says so; a number is always that agent', async () => {
    const h = await hubs([
      { command: 'cat', name: 'twin' },
      { command: 'cat', name: 'other' },
    ]);
    // (no door makes two agents share a name now: this one is forced, as an older hub's state could be)
    h.hub.agents.get('2')!.name = 'twin';
    const r = await h.cli(['read', 'twin']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('"twin" names 2 agents (id 1, id 2): name one by its number');
    expect((await h.cli(['read', '2'])).status).toBe(0);
    expect((await h.cli(['send', 'twin', 'x'])).status).not.toBe(0);
  }, 60000);
});
