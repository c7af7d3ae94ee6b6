import { describe, expect, it } from 'vitest';
import { fleetHubs, lockSomePlugin } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { until } from '../support/wait.js';
import { controlRequest } from '../../src/wire/control-client.js';
import { readLock } from '../../src/plugins/lock.js';

// The plugin_ask verb (its door: `botster-tui plugin grant|add|enable` typed in an agent): the hub
// asks you, the agent is told it asked, nothing changes by its word; a plugin that is not there is
// refused; from your own process it is refused (you grant with botster-tui plugin yourself).

const fleet = fleetHubs();

describe('the plugin_ask verb', { timeout: 60_000 }, () => {
  it('an agent asks you in the hub; nothing is granted; no such plugin is refused; yours is refused', async () => {
    const { hub, home, socket } = await fleet([{ command: 'cat', name: 'mine' }]);
    lockSomePlugin(home);
    const s = script(home, 'asker', [
      'botster-tui plugin grant someplugin send',
      'botster-tui plugin grant nosuchplugin send',
    ]);
    await hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'asker' }, { focus: false });
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 30000);
    expect(said).toMatch(
      /asked you in the hub: grant someplugin send; nothing changes until you answer there/,
    );
    expect(said.match(/rc=\d+/g)).toEqual(['rc=13', 'rc=1']);
    expect(said).toMatch(/nosuchplugin/);
    await until('the question', () =>
      hub.state.questions.some((q) =>
        /agent asker \(id \d+\) asks to grant plugin someplugin send/.test(q.overlay.title),
      ),
    );
    expect(hub.state.questions.some((q) => /nosuchplugin/.test(q.overlay.title))).toBe(false);
    expect(readLock(home).plugins.someplugin.granted).toEqual([]);

    const yours = await controlRequest(socket, {
      op: 'plugin_ask',
      action: 'grant',
      name: 'someplugin',
      caps: 'send',
    });
    expect(yours).toMatchObject({ ok: false, reason: 'usage' });
    expect(String(yours.error)).toMatch(/plugin_ask is for agents/);
  });
});
