import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { until } from '../support/wait.js';
import type { Hub } from '../../src/app/hub.js';
import { readAgent } from '../../src/agents/agent-screen.js';

// The message verb (`botster-tui message TO TEXT`): typed into the agent as a prompt where an
// agent CLI reads it (--force: anyway); an agent messages the agents it started, not a sibling.
// (Claude's SendMessage hook through it: test/tmux/agent-messages.test.ts.)

const fleet = fleetHubs();
const screenOf = (h: Hub, id: string) => {
  const a = h.agents.get(id);
  return a ? readAgent(a).join('\n') : '';
};

describe('botster-tui message', { timeout: 60_000 }, () => {
  it('types the message into the agent; a program no CLI file knows is refused unless --force; a name no agent goes by is refused', async () => {
    const { hub, cli } = await fleet([{ command: 'cat', name: 'one' }]);
    const refused = await cli(['message', 'one', 'first-msg', '--json']);
    expect(refused.status).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, reason: 'not_cli' });
    expect(refused.stderr).toMatch(/runs cat, which no CLI file knows/);

    const r = await cli(['message', 'one', 'hello-msg', '--force', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: true,
      route: 'hub',
      agent: { id: '1', name: 'one' },
      why: expect.stringMatching(/typed it into agent one \(id:1\)/),
    });
    await until('one got it', () => /hello-msg/.test(screenOf(hub, '1')));
    expect(screenOf(hub, '1')).not.toMatch(/first-msg/);

    const bad = await cli(['message', 'nobody', 'hi']);
    expect(bad.status).toBe(6);
    expect(bad.stderr).toMatch(/no agent "nobody"; the agents: 1 one/);
  });

  it('an agent messages one it started, not a sibling', async () => {
    const { hub, home } = await fleet([{ command: 'cat', name: 'mine' }], {}, { collaborativeWaitMs: 300 });
    const s = script(home, 'sender', [
      'botster-tui new --name child -- cat',
      'botster-tui message child to-child --force',
      'botster-tui message mine to-mine --force',
    ]);
    await hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'sender' }, { focus: false });
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 30000);
    expect(said.match(/rc=\d+/g)).toEqual(['rc=0', 'rc=0', 'rc=1']);
    expect(said).toMatch(/may not send a message to agent mine/);
    const child = hub.agents.list().find((a) => a.info.name === 'child')!;
    await until('child got it', () => /to-child/.test(screenOf(hub, child.id)));
    expect(screenOf(hub, '1')).not.toMatch(/to-mine/);
  });
});
