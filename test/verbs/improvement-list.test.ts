import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { askLine, read, script } from '../support/agent-script.js';
import { until } from '../support/wait.js';
import { controlRequest } from '../../src/wire/control-client.js';

// The improvements verb (on the control socket; `botster-tui improvements` reads the files): the
// home's improvements, every version kept, which is live, who pushed it. An agent may ask.

const fleet = fleetHubs();
const bind = (key: string, desc: string) =>
  `keys.bind("normal", "${key}", function(app) app:notify("${desc}") end, { desc = "${desc}" })\n`;

describe('the improvements verb', { timeout: 60_000 }, () => {
  it('lists each improvement with its versions, the live one and who pushed it; an agent may ask', async () => {
    const { hub, home, socket, cli } = await fleet([{ command: 'cat', name: 'one' }]);
    const file = path.join(home, 'greet.lua');
    for (const desc of ['first', 'second']) {
      fs.writeFileSync(file, bind('Z', desc));
      expect((await cli(['push', file])).status).toBe(0);
    }
    const { id: _id, v: _v, home: _home, ...list } = await controlRequest(socket, { op: 'improvements' });
    expect(list).toEqual({
      ok: true,
      improvements: [
        {
          name: 'greet',
          live: 2,
          disabled: false,
          versions: 2,
          latest: { version: 2, decision: 'autonomous', agent: null, at: expect.any(String) },
        },
      ],
      waiting: [],
    });
    expect(
      fs.readdirSync(path.join(home, 'improvements', '.history', 'greet')).filter((f) => f.endsWith('.lua')),
    ).toHaveLength(2);

    // An agent's own process asks, after pushing one of its own: it is listed as that agent's.
    fs.writeFileSync(path.join(home, 'wave.lua'), bind('W', 'wave'));
    const s = script(home, 'asker', [
      `botster-tui push ${path.join(home, 'wave.lua')} >/dev/null`,
      askLine({ op: 'improvements' }),
    ]);
    const agent = await hub.lifecycle.spawn(
      { command: 'sh', args: [s.file], name: 'asker' },
      { focus: false },
    );
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 30000);
    const theirs = JSON.parse(/reply (.*)/.exec(said)?.[1] ?? '{}') as {
      improvements: Array<{ name: string }>;
    };
    expect(theirs.improvements).toEqual([
      expect.objectContaining({ name: 'greet', live: 2 }),
      expect.objectContaining({
        name: 'wave',
        live: 1,
        latest: expect.objectContaining({ agent: agent!.id }),
      }),
    ]);

    const bad = await controlRequest(socket, { op: 'improvements', bogus: 1 } as never);
    expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(/bogus/) });
  });
});
