import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { keyOf } from '../../src/lifecycle/agent-permissions.js';
import { readSessionFile, saveSession, sessionPath } from '../../src/lifecycle/session-file.js';
import { keeperMeta } from '../../src/lifecycle/kept-agents.js';
import type { Agent } from '../../src/agents/agent.js';
import { controlRequest } from '../../src/wire/control-client.js';
import { fleetHubs } from '../support/fleet.js';
import { tempHome } from '../support/hub.js';
import { until } from '../support/wait.js';

// "Allow always for this agent" (docs/permissions.md) and your answers to its box's host questions
// (docs/security.md) are kept in the agent's record, so the same agent is not asked again after a
// restart, a `--restore` (session.json) or a server's adoption (its keeper's record). Real PTYs, the shipped rules ("push" asks), your answer through the verb.

const fleet = fleetHubs();
const ASKER = `sh -c 'printf "Proceed? (y/n) "; read a; echo "got [$a]"; sleep 60'`;
const push = { tool: 'Bash', input: { command: 'git push origin main' } };
const idOf = (hub: Hub, name: string) =>
  hub.agents.list().find((a) => a.info.name === name && !a.isExited)?.id;

describe('"allow always" and your host answers stay with their agent', () => {
  it('through a restart, session.json and --restore; another agent is still asked', async () => {
    const first = await fleet([
      { command: ASKER, name: 'asker' },
      { command: ASKER, name: 'other' },
    ]);
    const hub = first.hub;
    const id = idOf(hub, 'asker')!;
    await until('asker waits', () => hub.state.agentStates[id]?.state === 'waiting', 20000);
    expect(await hub.permissions.ask(id, push, false)).toMatchObject({ decision: 'ask', rule: 'push' });
    expect(
      await controlRequest(first.socket, { op: 'permission.answer', agent: id, answer: 'always' }),
    ).toMatchObject({ ok: true });
    expect(hub.sessionAgents().find((a) => a.name === 'asker')?.allowed).toEqual([keyOf(push)]);
    // So is your answer to its box's question about a host (agent.allow_host: src/box/net-gate.ts).
    hub.lifecycle.records.answerHost(id, 'models.example', true);
    hub.lifecycle.records.answerHost(id, 'tracker.example', false);

    // Restarted (the same command: the same conversation), it is still allowed, its hosts as you said.
    const pid = hub.agents.get(id)!.info.pid;
    expect((await first.cli(['restart', 'asker'])).status).toBe(0);
    await until('a new process', () => {
      const a = hub.agents.get(id);
      return !!a && !a.isExited && a.info.pid !== pid;
    });
    expect(await hub.permissions.ask(id, push, false)).toMatchObject({
      decision: 'allow',
      rule: 'always for this agent',
    });
    expect(hub.boxNet.gate.verdict(id, 'models.example')).toBe(true);
    expect(hub.boxNet.gate.verdict(id, 'tracker.example')).toBe(false);

    // Through session.json (as it is written and read) into the next server's --restore.
    const file = tempHome();
    fs.mkdirSync(file, { recursive: true });
    saveSession(file, hub.sessionAgents());
    const records = readSessionFile(sessionPath(file))!.agents;
    expect(records.find((a) => a.name === 'asker')?.allowed).toEqual([keyOf(push)]);
    expect(records.find((a) => a.name === 'asker')?.hosts).toEqual({
      'models.example': true,
      'tracker.example': false,
    });
    expect(records.find((a) => a.name === 'other')).not.toHaveProperty('allowed');
    expect(records.find((a) => a.name === 'other')).not.toHaveProperty('hosts');
    await hub.dispose();
    const second = await fleet([], {}, { restore: records });
    const again = await until('asker back', () => idOf(second.hub, 'asker'), 20000);
    const other = await until('other back', () => idOf(second.hub, 'other'), 20000);
    expect(await second.hub.permissions.ask(again, push, false)).toMatchObject({
      decision: 'allow',
      rule: 'always for this agent',
    });
    // Another question of the same agent, and the same question of another, are still asked.
    const dev = { tool: 'Bash', input: { command: 'git push origin dev' } };
    expect(await second.hub.permissions.ask(again, dev, false)).toMatchObject({
      decision: 'ask',
      rule: 'push',
    });
    expect(await second.hub.permissions.ask(other, push, false)).toMatchObject({
      decision: 'ask',
      rule: 'push',
    });
    expect(second.hub.boxNet.gate.verdict(again, 'models.example')).toBe(true);
    expect(second.hub.boxNet.gate.verdict(again, 'tracker.example')).toBe(false);
    expect(second.hub.boxNet.gate.verdict(other, 'models.example')).toBeUndefined();
  }, 90_000);

  it("is in the record its keeper holds for the next server, and only the agent's own", () => {
    const agent = { id: '3', name: 'asker', spec: { command: 'claude' }, cwd: '/tmp' } as unknown as Agent;
    const hosts = { 'models.example': true };
    const record = { started: '2026-11-30T00:00:00Z', sessions: [], allowed: [keyOf(push)], hosts };
    expect(keeperMeta(agent, { record })).toMatchObject({ id: '3', allowed: [keyOf(push)], hosts });
    const none = keeperMeta(agent, { record: { ...record, allowed: undefined, hosts: undefined } });
    expect(none).not.toHaveProperty('allowed');
    expect(none).not.toHaveProperty('hosts');
  });
});
