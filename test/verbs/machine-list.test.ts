import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { until } from '../support/wait.js';
import { BIN_DIR, remoteHomes } from '../support/remote.js';

// The machines verb (`botster-tui machines`): each machine the hub reaches, how, and its link's
// state. Here one machine is reached through `env` (a command that runs a command, as ssh or
// podman exec do: another home on this machine plays the other machine) and one through a command
// that fails (its words are the reason, and it is tried again).

const fleet = fleetHubs();
const remoteHome = remoteHomes();

describe('botster-tui machines', { timeout: 60_000 }, () => {
  it('lists each machine with how it is reached and its state; one that cannot be reached says why', async () => {
    const there = remoteHome();
    const tries = path.join(there, 'tries');
    const reach = ['env', `PATH=${BIN_DIR}:${path.dirname(process.execPath)}:/usr/bin:/bin`, 'SHELL=/bin/sh'];
    const { hub, cli } = await fleet([{ command: 'cat', name: 'here' }], {
      'user/machines.lua': [
        `machines.define("near", { exec = ${lua(reach)}, home = ${JSON.stringify(there)} })`,
        `machines.define("gone", { exec = { "sh", "-c", ${JSON.stringify(`echo try >> ${tries}; echo 'Error: no container with name or ID "gone" found' >&2; exit 125`)} } })`,
        '',
      ].join('\n'),
    });
    await until('near is connected', () => hub.machines.list()[0]?.state === 'connected', 30000);
    await until('gone is unreachable', () => hub.machines.list()[1]?.state === 'unreachable', 30000);
    const json = await cli(['machines', '--json']);
    expect(json.status, json.stderr).toBe(0);
    const { machines } = JSON.parse(json.stdout) as { machines: Array<Record<string, unknown>> };
    expect(machines[0]).toMatchObject({ name: 'near', engine: 'env', state: 'connected', agents: 1 });
    expect(machines[0].via).toMatch(/^env PATH=/);
    expect(machines[1]).toMatchObject({
      name: 'gone',
      engine: 'sh',
      state: 'unreachable',
      error: 'cannot reach gone through sh (exit 125): Error: no container with name or ID "gone" found',
    });
    const text = await cli(['machines']);
    expect(text.status).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^near  connected +env PATH=\S+ SHELL=\/bin\/sh  1 agent$/);
    expect(lines[1]).toMatch(
      /^gone  unreachable +sh -c .*  0 agents  — cannot reach gone through sh \(exit 125\): Error: no container/,
    );
    // Tried again by itself (unreachable all along, with its reason), and said once, not at every try.
    const tried = () => (fs.existsSync(tries) ? fs.readFileSync(tries, 'utf8').split('\n').length - 1 : 0);
    await until('tried again', () => tried() >= 3 && hub.machines.list()[1].state === 'unreachable', 20000);
    const log = fs.readFileSync(hub.log.path, 'utf8');
    expect(log.match(/machine gone: unreachable: cannot reach gone through sh/g)).toHaveLength(1);
  });
});

const lua = (words: string[]) => `{ ${words.map((w) => JSON.stringify(w)).join(', ')} }`;
