import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { until } from '../support/hub.js';
import { cliArgv } from '../support/cli.js';

// `botster-tui mcp` driven by the MCP SDK's own client: the tools are the hub's verbs (made from
// their declarations), each call a request on the hub's socket judged as the socket judges it.

const hubs = fleetHubs();
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close().catch(() => {});
});

/** An MCP client of `botster-tui mcp` for `home`, started as this test's (your) process. */
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

describe('botster-tui mcp', () => {
  it('lists the verbs as tools, calls one with its typed answer, and rejects arguments its schema does not take', async () => {
    const h = await hubs([{ command: 'cat', name: 'mine' }]);
    const client = await connect(h.home, h.env);
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    for (const verb of [
      'agent_list',
      'agent_new',
      'agent_send',
      'read',
      'wait',
      'report',
      'snapshot',
      'push',
      'status',
    ])
      expect(names).toContain(verb);
    // (the verbs' older names are no tools of the list: a call by one still reaches its verb, below)
    expect(names).not.toContain('send');
    // No stream (events, link): a tool answers once.
    expect(names).not.toContain('events');
    const agents = tools.find((t) => t.name === 'agent_list')!;
    expect(agents.description).toMatch(/agent/);
    expect(agents.inputSchema.type).toBe('object');
    expect(agents.annotations?.readOnlyHint).toBe(true);
    expect(tools.find((t) => t.name === 'agent_kill')!.annotations?.readOnlyHint).toBe(false);
    // The SDK checks the structured answer against the tool's outputSchema as it reads it.
    const listed = await client.callTool({ name: 'agent_list', arguments: {} });
    expect(listed.isError).toBeFalsy();
    const rows = (listed.structuredContent as { agents: Array<{ name: string }> }).agents;
    expect(rows.map((a) => a.name)).toContain('mine');
    const sent = await client.callTool({
      name: 'agent_send',
      arguments: { agent: 'mine', text: 'hello-mcp\r' },
    });
    expect(sent.isError).toBeFalsy();
    await until('the text reached cat', () => h.hub.screen().toText().includes('hello-mcp'));
    // A configuration that still names the older tool (`send`) reaches the same verb.
    const old = await client.callTool({ name: 'send', arguments: { agent: 'mine', text: 'older-name\r' } });
    expect(old.isError).toBeFalsy();
    await until('the older name reached cat', () => h.hub.screen().toText().includes('older-name'));
    // An argument the verb does not declare: refused, naming it, as the CLI says it.
    const bad = await client.callTool({ name: 'agent_send', arguments: { agent: 'mine', txet: 'x' } });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toMatch(/unknown argument "txet"/);
    const frame = await client.callTool({ name: 'snapshot', arguments: {} });
    expect((frame.structuredContent as { frame: string }).frame).toContain('Botster Hub');
  }, 60000);

  it('docs/mcp.md lists every tool the running server lists, and no other', async () => {
    // (issue 80: the page said 27 tools and named some, when the server listed 30)
    const h = await hubs([]);
    const client = await connect(h.home, h.env);
    const listed = (await client.listTools()).tools;
    const page = fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/mcp.md'), 'utf8');
    const rows = [...page.matchAll(/^\| `(\w+)` \| (.*) \| (yes)? \|$/gm)];
    expect(rows.map((r) => r[1]).sort()).toEqual(listed.map((t) => t.name).sort());
    expect(page).toContain(`${listed.length} tools:`);
    for (const t of listed) {
      const row = rows.find((r) => r[1] === t.name)!;
      expect(row[3] === 'yes', `${t.name} only looks`).toBe(t.annotations?.readOnlyHint === true);
    }
  }, 60000);

  it('resources hold the Lua API and the keys bound now; the prompt walks push, check, look', async () => {
    const h = await hubs([]);
    const client = await connect(h.home, h.env);
    const { resources } = await client.listResources();
    const uris = resources.map((r) => r.uri);
    expect(uris).toContain('botster://docs/lua/improvements.md');
    expect(uris).toContain('botster://hub/keys');
    expect(uris.some((u) => u.startsWith('botster://meta/'))).toBe(true);
    const doc = await client.readResource({ uri: 'botster://docs/lua/improvements.md' });
    expect((doc.contents[0] as { text: string }).text).toMatch(/improvement/i);
    const { prompts } = await client.listPrompts();
    const p = await client.getPrompt({ name: prompts[0].name });
    expect(JSON.stringify(p.messages)).toMatch(/push[\s\S]*snapshot/);
  }, 60000);

  it("from inside an agent the kernel says who asks: stopping your agent is refused, in the CLI's words", async () => {
    const h = await hubs([{ command: 'cat', name: 'mine' }], {}, { collaborativeWaitMs: 300 });
    const client = path.join(import.meta.dirname, 'agent-mcp-client.mjs');
    const s = script(h.home, 'caller', [
      `env -u BOTSTER_AGENT_ID node ${client} kill '{"agent":"mine"}'`,
      `node ${client} agents '{}'`,
    ]);
    await h.hub.lifecycle.spawn({ command: 'sh', args: [s.file], name: 'caller' }, { focus: false });
    const out = await until('the calls answered', () => read(s.out).includes('done') && read(s.out), 60000);
    const [killed, listed] = out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { isError?: boolean; content: Array<{ text: string }> });
    expect(killed.isError).toBe(true);
    expect(killed.content[0].text).toMatch(/agent \d+ may not stop agent mine/);
    expect(h.hub.agents.list().find((a) => a.info.name === 'mine')!.isExited).toBe(false);
    expect(listed.isError).toBeFalsy();
  }, 90000);
});
