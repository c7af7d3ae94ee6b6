import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { askLine, read, script } from '../support/agent-script.js';
import { until } from '../support/wait.js';
import { controlRequest } from '../../src/wire/control-client.js';
import { CONTROL_PROTOCOL, CONTROL_PROTOCOL_MINOR } from '../../src/wire/control-request.js';

// The ping verb (no CLI command: asked on the control socket): the installed package's version, how
// many agents the hub has, the protocol; an agent's own process may ask it too.

const fleet = fleetHubs();
const pkg = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as {
  version: string;
};

describe('the ping verb', { timeout: 60_000 }, () => {
  it("answers the package's version, the hub's agent count and its protocol; an unknown argument is refused", async () => {
    const { hub, socket, home } = await fleet([
      { command: 'cat', name: 'one' },
      { command: 'cat', name: 'two' },
    ]);
    const { id: _id, v: _v, home: _home, ...reply } = await controlRequest(socket, { op: 'ping' });
    expect(reply).toMatchObject({
      ok: true,
      version: pkg.version,
      agents: hub.agents.list().length,
      protocol: `${CONTROL_PROTOCOL}.${CONTROL_PROTOCOL_MINOR}`,
    });
    expect(reply.agents).toBe(2);

    const bad = await controlRequest(socket, { op: 'ping', bogus: 1 } as never);
    expect(bad.ok).toBe(false);
    expect(String(bad.error)).toMatch(/bogus/);

    // An agent's own process may ask (who-may: ping is an agent's): its answer counts itself.
    const s = script(home, 'asker', [askLine({ op: 'ping' })]);
    await hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'asker' }, { focus: false });
    const said = await until('its script ran', () => /done/.test(read(s.out)) && read(s.out), 30000);
    const line = /reply (.*)/.exec(said)?.[1];
    expect(JSON.parse(line ?? '{}')).toMatchObject({ ok: true, version: pkg.version, agents: 3 });
  });
});
