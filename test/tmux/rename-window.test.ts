import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { until } from '../support/hub.js';
import type { Hub } from '../../src/app/hub.js';

// A tmux window is a team in the hub, not an agent (issue 80): `tmux rename-window myteam` from
// inside the lead names its window (list-windows, #W, a target by that name) and renames no agent;
// `select-pane -T` still names the pane's agent (suffixed when the name is taken). Real processes:
// a shell agent's script runs the hub's tmux surface against a hub with its control socket.

const hubs = fleetHubs();

const names = (hub: Hub) => hub.agents.list().map((a) => `${a.id} ${a.info.name}`);

describe('tmux rename-window names the window, never an agent', () => {
  it('list-windows and #W show the name; the agents keep theirs; select-pane -T still names the agent', async () => {
    const h = await hubs([{ command: 'cat', name: 'other' }], {}, { collaborativeWaitMs: 300 });
    const s = script(h.home, 'lead', [
      'botster-tui new --name mate -- cat',
      'tmux rename-window myteam',
      "tmux list-windows -F '#{window_id} #{window_name} #{window_panes}'",
      "tmux display -p '#W #T'",
      "tmux display -p -t myteam '#{window_id} #W'",
      'tmux rename-window -t botster:myteam "our team"',
      "tmux display -p -t %3 '#W / #T'",
      'tmux select-pane -T boss',
      "tmux display -p '#W / #T'",
      'tmux rename-window',
    ]);
    await h.hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'lead' }, { focus: false });
    const out = await until('the script ran', () => read(s.out).includes('done') && read(s.out), 40000);
    expect(out.match(/rc=\d+/g)).toEqual([
      'rc=0',
      'rc=0',
      'rc=0',
      'rc=0',
      'rc=0',
      'rc=0',
      'rc=0',
      'rc=0',
      'rc=0',
      'rc=1',
    ]);
    // The window has its own name; its panes (the lead, its mate) and the other agent keep theirs.
    expect(out).toContain('@2 myteam 2\n');
    expect(out).toContain('@1 other 1\n');
    expect(out).toContain('myteam lead\n');
    expect(out).toContain('@2 myteam\n');
    expect(out).toContain('our team / mate\n');
    // select-pane -T names the agent (the pane's title); the window's name stays.
    expect(out).toContain('our team / boss\n');
    expect(out).toMatch(/rename-window: a new name is needed/);
    expect(names(h.hub)).toEqual(['1 other', '2 boss', '3 mate']);
    expect(h.hub.state.facts.agents['2'].window).toBe('our team');
    const listed = JSON.parse((await h.cli(['agents', '--json'])).stdout) as Array<{
      name: string;
      window?: string;
    }>;
    expect(listed.map((a) => a.name)).toEqual(['other', 'boss', 'mate']);
    expect(listed[1].window).toBe('our team');
  }, 90000);
});
