import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentRecord } from '../../src/hub/agent-record.js';
import { appData } from '../../src/hub/app-data.js';
import { fleetHubs } from '../support/fleet.js';
import { until } from '../support/wait.js';

// One agent, one record: `self.agents`, the agent in hook and `events` payloads, and
// `agents --json` (which is also what a machine's hub sends as its rows) are the record the state
// holds, and what each adds. Every field of the record is in each, with the same value.

const hubs = fleetHubs();

describe('the agent record', () => {
  it('is in self.agents, in hook payloads and in agents --json, field for field', async () => {
    const { hub, cli } = await hubs([{ command: 'cat', name: 'one' }]);
    const payloads: Array<Record<string, unknown>> = [];
    hub.events.taps.add((event, payload) => {
      if (event === 'agent_spawned') payloads.push(payload.agent as Record<string, unknown>);
    });
    await hub.lifecycle.spawn({ command: 'cat', name: 'two' });
    await until('agent two listed', () => agentRecord(hub.state, '2') !== null);
    const record = agentRecord(hub.state, '2')!;
    expect(Object.keys(record)).toEqual(
      expect.arrayContaining(['id', 'name', 'program', 'command', 'cwd', 'state', 'status', 'exit_code']),
    );
    const lua = appData(hub.state).agents.find((a) => a.id === '2')!;
    const rows = JSON.parse((await cli(['agents', '--json'])).stdout) as Array<Record<string, unknown>>;
    const row = rows.find((r) => r.id === '2')!;
    await until('agent_spawned told', () => payloads.some((p) => p.name === 'two'));
    const hook = payloads.find((p) => p.name === 'two')!;
    // (The program is read live where the agent itself is at hand: the same, once it settled.)
    const { program: _p, ...fields } = record;
    for (const [where, seen] of [
      ['self.agents', lua],
      ['agents --json', row],
      ['a hook payload', hook],
    ] as const) {
      for (const [k, v] of Object.entries(fields))
        expect((seen as Record<string, unknown>)[k], `${where}.${k}`).toEqual(v);
      expect(seen, where).toHaveProperty('program');
    }
  });

  it('names its repository from the first: agent_spawned for an agent in a folder git was not asked about yet', async () => {
    const { hub, home } = await hubs([]);
    const repo = fs.realpathSync(fs.mkdtempSync(path.join(home, 'repo ')));
    execFileSync('git', ['init', '-q', repo]);
    const payloads: Array<Record<string, unknown>> = [];
    hub.events.taps.add((event, payload) => {
      if (event === 'agent_spawned') payloads.push(payload.agent as Record<string, unknown>);
    });
    await hub.lifecycle.spawn({ command: 'cat', name: 'fresh', cwd: repo });
    await until('agent_spawned told', () => payloads.some((p) => p.name === 'fresh'));
    expect(payloads.find((p) => p.name === 'fresh')?.repo).toBe(repo);
  });
});
