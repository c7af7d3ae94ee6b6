import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { askLine, read, script } from '../support/agent-script.js';
import { until } from '../support/wait.js';
import { controlRequest } from '../../src/wire/control-client.js';

// The improvement.revert verb (on the control socket): an earlier version live again at once. An
// agent reverts only an improvement whose live version it pushed.

const fleet = fleetHubs();
const bind = (key: string, said: string) =>
  `keys.bind("normal", "${key}", function(app) app:notify("${said}") end, { desc = "${said}" })\n`;

describe('the improvement.revert verb', { timeout: 60_000 }, () => {
  it('makes the version before live again, and it acts; an agent may not revert yours; an unknown name is refused', async () => {
    const { hub, home, socket, cli } = await fleet([{ command: 'cat', name: 'one' }]);
    const file = path.join(home, 'greet.lua');
    for (const said of ['said-one', 'said-two']) {
      fs.writeFileSync(file, bind('Z', said));
      expect((await cli(['push', file])).status).toBe(0);
    }
    const press = async (want: string) => {
      hub.input('\x07');
      hub.input('Z');
      await until(`Z says ${want}`, () => hub.state.notice?.text === want);
      hub.input('i');
    };
    await press('said-two');

    // An agent's own process: refused for yours, allowed for the one it pushed.
    fs.writeFileSync(path.join(home, 'wave.lua'), bind('W', 'wave-one'));
    const s = script(home, 'reverter', [
      askLine({ op: 'improvement.revert', name: 'greet' }),
      `botster-tui push ${path.join(home, 'wave.lua')} >/dev/null`,
      `sed -i s/wave-one/wave-two/ ${path.join(home, 'wave.lua')}`,
      `botster-tui push ${path.join(home, 'wave.lua')} >/dev/null`,
      askLine({ op: 'improvement.revert', name: 'wave' }),
    ]);
    const agent = await hub.lifecycle.spawn(
      { command: 'sh', args: [s.file], name: 'reverter' },
      { focus: false },
    );
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 30000);
    const replies = [...said.matchAll(/reply (.*)/g)].map((m) => JSON.parse(m[1]) as Record<string, unknown>);
    expect(replies[0]).toMatchObject({
      ok: false,
      reason: 'refused',
      error: expect.stringMatching(new RegExp(`agent ${agent!.id} may not revert improvement greet`)),
    });
    expect(replies[1]).toMatchObject({ ok: true, name: 'wave', version: 1, error: null });
    await press('said-two');

    // Yours: the version before the live one, live at once.
    const {
      id: _id,
      v: _v,
      home: _home,
      ...back
    } = await controlRequest(socket, {
      op: 'improvement.revert',
      name: 'greet',
    } as never);
    expect(back).toEqual({ ok: true, name: 'greet', version: 1, error: null });
    await press('said-one');
    const list = await controlRequest(socket, { op: 'improvements' });
    expect(list.improvements).toEqual([
      expect.objectContaining({ name: 'greet', live: 1, versions: 2 }),
      expect.objectContaining({ name: 'wave', live: 1, versions: 2 }),
    ]);

    const bad = await controlRequest(socket, { op: 'improvement.revert', name: 'nope' } as never);
    expect(bad).toMatchObject({ ok: false, reason: 'unknown_name', error: 'unknown improvement "nope"' });
  });
});
