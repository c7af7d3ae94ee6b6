import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { until } from '../support/wait.js';
import type { Hub } from '../../src/app/hub.js';
import { readAgent } from '../../src/agents/agent-screen.js';
import { controlRequest } from '../../src/wire/control-client.js';

// The send verb (`botster-tui send AGENT TEXT --keys`): text typed, then keys pressed, into an agent;
// an agent types into the ones it started, not a sibling you did not let it drive.

const fleet = fleetHubs();
const screenOf = (h: Hub, id: string) => {
  const a = h.agents.get(id);
  return a ? readAgent(a).join('\n') : '';
};

describe('botster-tui send', { timeout: 60_000 }, () => {
  it('types the text and presses the keys into the agent; a name no agent goes by is refused', async () => {
    const { hub, cli, socket } = await fleet([
      { command: 'cat', name: 'one' },
      { command: 'cat', name: 'two' },
    ]);
    // The command line prints nothing (scripts read its exit code); the socket says the typed answer.
    const r = await cli(['send', 'two', 'hello there', '--keys', 'enter']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const {
      id: _id,
      v: _v,
      home: _home,
      ...typed
    } = await controlRequest(socket, {
      op: 'send',
      agent: 'two',
      text: 'again',
      keys: 'enter',
    });
    expect(typed).toEqual({ ok: true, agent: { id: '2', name: 'two' }, bytes: 'again\r'.length });
    // cat echoes the line back once it has it: typed, then Enter pressed.
    await until(
      'two read the line',
      () =>
        screenOf(hub, '2').split('hello there').length === 3 &&
        screenOf(hub, '2').split('again').length === 3,
    );
    expect(screenOf(hub, '1')).not.toMatch(/hello/);

    const bad = await cli(['send', 'nobody', 'hi']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/no agent "nobody".*one.*two/);
  });

  it('an agent types into one it started, not into a sibling', async () => {
    const { hub, home } = await fleet([{ command: 'cat', name: 'mine' }], {}, { collaborativeWaitMs: 300 });
    const s = script(home, 'sender', [
      'botster-tui new --name child -- cat',
      'botster-tui send child from-the-lead --keys enter',
      'botster-tui send mine sneaky --keys enter',
    ]);
    await hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'sender' }, { focus: false });
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 30000);
    expect(said.match(/rc=\d+/g)).toEqual(['rc=0', 'rc=0', 'rc=1']);
    expect(said).toMatch(/may not type into agent mine/);
    const child = hub.agents.list().find((a) => a.info.name === 'child')!;
    await until('child read it', () => /from-the-lead/.test(screenOf(hub, child.id)));
    expect(screenOf(hub, '1')).not.toMatch(/sneaky/);
  });
});
