import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { until } from '../support/wait.js';

// The push verb (`botster-tui push FILE.lua`): Lua offered to the hub as an improvement; the
// policy decides (a new key is autonomous: live at once, its version kept). An agent's push is
// recorded as that agent's.

const fleet = fleetHubs();
const GREET = 'keys.bind("normal", "Z", function(app) app:notify("greeted") end, { desc = "greet" })\n';

describe('botster-tui push', { timeout: 60_000 }, () => {
  it('a new binding goes live at once and is kept; an agent push is its own; a file that is not there is refused', async () => {
    const { hub, home, cli } = await fleet([{ command: 'cat', name: 'one' }]);
    const file = path.join(home, 'greet.lua');
    fs.writeFileSync(file, GREET);
    const r = await cli(['push', file]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      decision: 'autonomous',
      live: true,
      version: 1,
      registered: { bindings: [{ mode: 'normal', key: 'Z', desc: 'greet' }] },
    });
    expect(fs.readFileSync(path.join(home, 'improvements', 'greet.lua'), 'utf8')).toBe(GREET);
    // Live: its key acts in the running hub.
    hub.input('\x07');
    hub.input('Z');
    await until('its key acted', () => hub.state.notice?.text === 'greeted');

    // From an agent's own process: the version is recorded as that agent's.
    fs.writeFileSync(path.join(home, 'wave.lua'), GREET.replace('"Z"', '"W"').replace('greet', 'wave'));
    const s = script(home, 'pusher', [`botster-tui push ${path.join(home, 'wave.lua')} >/dev/null`]);
    const agent = await hub.lifecycle.spawn(
      { command: 'sh', args: [s.file], name: 'pusher' },
      { focus: false },
    );
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 30000);
    expect(said).toMatch(/rc=0/);
    const record = JSON.parse(
      fs.readFileSync(path.join(home, 'improvements', '.history', 'wave', 'v1.json'), 'utf8'),
    ) as { agent_id: string | null };
    expect(record.agent_id).toBe(agent!.id);

    const bad = await cli(['push', path.join(home, 'missing.lua')]);
    expect(bad.status).toBe(5);
    expect(bad.stderr).toMatch(/cannot read .*missing\.lua: no such file/);
    expect(fs.existsSync(path.join(home, 'improvements', 'missing.lua'))).toBe(false);
  });
});
