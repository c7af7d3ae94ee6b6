import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { askLine, read, script } from '../support/agent-script.js';
import { until } from '../support/wait.js';
import { controlRequest } from '../../src/wire/control-client.js';

// The check verb (on the control socket and MCP; `botster-tui check FILE` loads your own files
// instead): Lua loaded as the improvement it would be, nothing live: what it registers, or its
// errors as file:line: message. An agent may ask before it pushes.

const fleet = fleetHubs();
const BIND = 'keys.bind("normal", "Y", function(app) app:notify("checked") end, { desc = "why" })';

describe('the check verb', { timeout: 60_000 }, () => {
  it('says what good Lua registers and where bad Lua fails, and nothing goes live; neither source nor path is refused', async () => {
    const { hub, home, socket } = await fleet([{ command: 'cat', name: 'one' }]);
    const body = ({ id: _id, v: _v, home: _home, ...rest }: Record<string, unknown>) => rest;
    const good = body(await controlRequest(socket, { op: 'check', source: BIND, name: 'why' } as never));
    expect(good).toMatchObject({
      ok: true,
      file: 'improvements/why.lua',
      name: 'why',
      loads: true,
      errors: [],
      registers: { bindings: [{ mode: 'normal', key: 'Y', desc: 'why' }], commands: [], hooks: [] },
    });
    const broken = body(await controlRequest(socket, { op: 'check', source: `${BIND}\nnot lua(` } as never));
    expect(broken).toMatchObject({
      loads: false,
      errors: [expect.stringMatching(/^improvements\/check\.lua:2: /)],
    });
    // Nothing went live: no improvement, and Y does nothing in the hub.
    expect((await controlRequest(socket, { op: 'improvements' })).improvements).toEqual([]);
    hub.input('\x07');
    hub.input('Y');
    await hub.whenIdle();
    expect(hub.state.notice?.text ?? '').not.toBe('checked');

    const bad = await controlRequest(socket, { op: 'check' } as never);
    expect(bad).toMatchObject({
      ok: false,
      reason: 'usage',
      error: expect.stringMatching(/give source .* or path/),
    });

    const s = script(home, 'checker', [askLine({ op: 'check', source: BIND })]);
    await hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'checker' }, { focus: false });
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 30000);
    expect(JSON.parse(/reply (.*)/.exec(said)?.[1] ?? '{}')).toMatchObject({ ok: true, loads: true });
  });
});
