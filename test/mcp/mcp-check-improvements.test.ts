import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { until } from '../support/hub.js';
import { cliArgv } from '../support/cli.js';

// The `check` and `improvements` tools of `botster-tui mcp` (issue 69): Lua loaded as the
// improvement it would be, nothing live changed; the improvements listed with their versions and
// what waits, and reverted (an agent only its own).

const hubs = fleetHubs();
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close().catch(() => {});
});

async function connect(home: string, env: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'test', version: '1.0.0' });
  clients.push(client);
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: cliArgv(['mcp', '--home', home]).args,
      env: { ...(process.env as Record<string, string>), ...env },
    }),
  );
  return client;
}

const text = (r: unknown) =>
  ((r as { content: Array<{ text?: string }> }).content ?? []).map((c) => c.text ?? '').join('\n');

interface Checked {
  file: string;
  name: string;
  loads: boolean;
  errors: string[];
  registers: {
    bindings: Array<{ mode: string; key: string; desc: string }>;
    commands: Array<{ id: string }>;
  };
}

const greet = (key: string, words: string) =>
  `keys.bind("normal", "${key}", function(app) app:notify("${words}") end, { desc = "${words}" })`;

describe('botster-tui mcp: check', () => {
  it('answers what Lua registers, or its errors as file:line: message; the live hub does not change', async () => {
    const h = await hubs([]);
    const client = await connect(h.home, h.env);
    const { tools } = await client.listTools();
    expect(tools.find((t) => t.name === 'check')!.annotations?.readOnlyHint).toBe(true);
    // Listing only looks (pre-allowed in each launch); reverting changes the hub (asked).
    expect(tools.find((t) => t.name === 'improvement_list')!.annotations?.readOnlyHint).toBe(true);
    expect(tools.find((t) => t.name === 'improvement_revert')!.annotations?.readOnlyHint).toBe(false);
    const before = h.hub.bindings.map((b) => `${b.mode} ${b.spec} ${b.source}`);

    const good = await client.callTool({
      name: 'check',
      arguments: {
        name: 'greet',
        source: `${greet('z', 'hello from z')}\ncommands.register("greet.now", function(app) end, { desc = "Greet now" })`,
      },
    });
    expect(good.isError).toBeFalsy();
    const g = good.structuredContent as unknown as Checked;
    expect(g).toMatchObject({ loads: true, errors: [], name: 'greet', file: 'improvements/greet.lua' });
    expect(g.registers.bindings).toEqual([
      expect.objectContaining({ mode: 'normal', key: 'z', desc: 'hello from z' }),
    ]);
    expect(g.registers.commands.map((c) => c.id)).toEqual(['greet.now']);

    // A syntax error on line 2 of a file: named by its path and line.
    const file = path.join(h.home, 'broken.lua');
    fs.writeFileSync(file, `${greet('z', 'one')}\nkeys.bind("normal", "y" function() end)\n`);
    const bad = await client.callTool({ name: 'check', arguments: { path: file } });
    expect(bad.isError).toBeFalsy();
    const b = bad.structuredContent as unknown as Checked;
    expect(b.loads).toBe(false);
    expect(b.name).toBe('broken');
    expect(b.errors).toHaveLength(1);
    expect(b.errors[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: `));

    // A command it binds that nobody defines: the error a push would get.
    const unknown = await client.callTool({
      name: 'check',
      arguments: { source: 'keys.bind("normal", "z", "no.such_command")' },
    });
    expect((unknown.structuredContent as unknown as Checked).errors.join('\n')).toMatch(/no\.such_command/);

    // Neither, or a path that is no Lua file: refused, saying what it takes.
    const none = await client.callTool({ name: 'check', arguments: {} });
    expect(none.isError).toBe(true);
    expect(text(none)).toMatch(/give source .* or path/);
    const notLua = await client.callTool({ name: 'check', arguments: { path: path.join(h.home, 'x.txt') } });
    expect(text(notLua)).toMatch(/not a \.lua file/);

    // Nothing went live: the hub's keys are the same, and no improvement was written.
    expect(h.hub.bindings.map((b) => `${b.mode} ${b.spec} ${b.source}`)).toEqual(before);
    expect(fs.existsSync(path.join(h.home, 'improvements', 'greet.lua'))).toBe(false);
    expect(h.hub.improvements.history.list()).toEqual([]);
  }, 60000);
});

describe('botster-tui mcp: improvements', () => {
  it('lists versions and what waits; reverts; an agent reverts only the improvement it pushed', async () => {
    const h = await hubs([{ command: 'cat', name: 'other' }], {}, { collaborativeWaitMs: 0 });
    const client = path.join(import.meta.dirname, 'agent-mcp-client.mjs');
    const go = path.join(h.home, 'go');
    const s = script(h.home, 'caller', [
      `wait ${go}`,
      `node ${client} improvement_revert '{"name":"other-greet"}'`,
      `node ${client} improvement_revert '{"name":"mine-greet"}'`,
      `node ${client} improvements '{}'`,
    ]);
    const caller = (await h.hub.lifecycle.spawn(
      { command: 'sh', args: [s.file], name: 'caller' },
      { focus: false },
    ))!;
    const other = h.hub.agents.list().find((a) => a.info.name === 'other')!;
    const push = (name: string, source: string, agent: string) =>
      h.hub.improvements.push({ name, source, agent_id: agent });
    expect(await push('mine-greet', greet('z', 'one'), caller.id)).toMatchObject({ live: true, version: 1 });
    expect(await push('mine-greet', greet('z', 'two'), caller.id)).toMatchObject({ live: true, version: 2 });
    expect(await push('other-greet', greet('Z', 'first'), other.id)).toMatchObject({ live: true });
    expect(await push('other-greet', greet('Z', 'second'), other.id)).toMatchObject({ live: true });
    expect(h.hub.bindings.find((b) => b.spec === 'z')?.desc).toBe('two');

    // You (this test's process) list: both, with their versions and who pushed them.
    const you = await connect(h.home, h.env);
    const listed = await you.callTool({ name: 'improvement_list', arguments: {} });
    const l = listed.structuredContent as {
      improvements: Array<{ name: string; live: number; versions: number; latest: { agent: string } }>;
      waiting: unknown[];
    };
    expect(l.waiting).toEqual([]);
    expect(l.improvements.map((i) => [i.name, i.live, i.versions, i.latest.agent])).toEqual([
      ['mine-greet', 2, 2, caller.id],
      ['other-greet', 2, 2, other.id],
    ]);

    fs.writeFileSync(go, '');
    const out = await until('the calls answered', () => read(s.out).includes('done') && read(s.out), 60000);
    const [refused, reverted, after] = out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map(
        (l) =>
          JSON.parse(l) as { isError?: boolean; content: Array<{ text: string }>; structuredContent?: any },
      );
    // Another agent's improvement: refused, and it stays at v2.
    expect(refused.isError).toBe(true);
    expect(refused.content[0].text).toMatch(
      new RegExp(`agent ${caller.id} may not revert improvement other-greet: agent ${other.id} pushed`),
    );
    expect(h.hub.improvements.history.list().find((i) => i.name === 'other-greet')!.liveVersion).toBe(2);
    // Its own: v1 is live again at once, and the hub's key says so.
    expect(reverted.isError).toBeFalsy();
    expect(reverted.structuredContent).toEqual({ name: 'mine-greet', version: 1, error: null });
    expect(h.hub.bindings.find((b) => b.spec === 'z')?.desc).toBe('one');
    expect(
      after.structuredContent.improvements.find((i: { name: string }) => i.name === 'mine-greet').live,
    ).toBe(1);

    // You revert any: other-greet to v1; a name it does not know says so.
    const mine = await you.callTool({ name: 'improvement_revert', arguments: { name: 'other-greet' } });
    expect((mine.structuredContent as { version: number }).version).toBe(1);
    expect(h.hub.bindings.find((b) => b.spec === 'Z')?.desc).toBe('first');
    // The command line sees the same history: the tools' reverts are on disk, as its own are.
    const cli = await h.cli(['improvements', 'list']);
    expect(cli.stdout).toMatch(/^mine-greet {2}live v1 {2}2 versions/m);
    expect(cli.stdout).toMatch(/^other-greet {2}live v1 {2}2 versions/m);
    const schema = await h.cli(['schema', 'improvements']);
    expect(schema.stdout).toMatch(/answers: improvements, waiting/);
    const none = await you.callTool({ name: 'improvement_revert', arguments: { name: 'nope' } });
    expect(none.isError).toBe(true);
    expect(text(none)).toMatch(/unknown improvement "nope"/);
  }, 90000);
});
