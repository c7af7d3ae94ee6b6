import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { read, script } from '../support/agent-script.js';
import { until } from '../support/hub.js';

// The plugin_from_improvement tool of `botster-tui mcp` (issue 85): the agent that pushed an
// improvement makes it a plugin folder through the real MCP server, in the home's drafts or its own
// folder, with a test that passes; nothing is installed (adding it stays the user's plugin add).

const hubs = fleetHubs();

interface Made {
  dir: string;
  files: string[];
  capabilities: string[];
  test: { passed: boolean; output: string };
  says: string;
}

describe('botster-tui mcp: plugin_from_improvement', () => {
  it('writes the plugin where an agent may, its test passing; never installs it', async () => {
    const h = await hubs([]);
    const own = path.join(h.home, 'agent work');
    fs.mkdirSync(own);
    // A link in its own folder that leads out of it: no way out.
    fs.symlinkSync(path.dirname(h.home), path.join(own, 'out'));
    const elsewhere = path.join(path.dirname(h.home), 'not the agents');
    const client = path.join(import.meta.dirname, '..', 'mcp', 'agent-mcp-client.mjs');
    const go = path.join(h.home, 'go');
    const call = (args: object) => `node ${client} plugin_from_improvement '${JSON.stringify(args)}'`;
    const s = script(h.home, 'maker', [
      `wait ${go}`,
      call({ name: 'greeter', improvement: 'greet' }),
      call({ name: 'greeter2', improvement: 'greet', dir: 'made here' }),
      call({ name: 'greeter3', improvement: 'greet', dir: elsewhere }),
      call({ name: 'greeter', improvement: 'greet' }),
      call({ name: 'other', improvement: 'nope' }),
      call({ name: 'greeter4', improvement: 'greet', dir: 'out/escaped' }),
    ]);
    const maker = (await h.hub.lifecycle.spawn(
      { command: 'sh', args: [s.file], name: 'maker', cwd: own },
      { focus: false },
    ))!;
    const source = `layout.piece("status.right", "greet", function(app) return "hello from greet" end)
commands.register("greet.now", function(app) app:notify("hi") end, { desc = "greet now" })
`;
    expect(await h.hub.improvements.push({ name: 'greet', source, agent_id: maker.id })).toMatchObject({
      live: true,
    });
    fs.writeFileSync(go, '');
    const out = await until('the calls answered', () => read(s.out).includes('done') && read(s.out), 150000);
    const [drafts, inOwn, outside, again, unknown, linked] = out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map(
        (l) =>
          JSON.parse(l) as { isError?: boolean; content: Array<{ text: string }>; structuredContent?: Made },
      );

    // The default: the home's drafts/plugins/NAME, its test passing, what it asks for read from its code.
    expect(drafts.isError, drafts.content[0]?.text).toBeFalsy();
    const d = drafts.structuredContent!;
    expect(d.dir).toBe(path.join(h.home, 'drafts', 'plugins', 'greeter'));
    expect(d.capabilities).toEqual(['commands', 'pieces']);
    expect(d.test.passed, d.test.output).toBe(true);
    expect(d.files).toEqual(
      expect.arrayContaining(['plugin.json', 'init.lua', 'HISTORY.md', '__golden__/hub.txt']),
    );
    expect(d.says).toMatch(/Nothing is installed: the user adds it with botster-tui plugin add/);
    expect(fs.readFileSync(path.join(d.dir, 'init.lua'), 'utf8')).toBe(source);
    // A relative folder is in the agent's own folder.
    expect(inOwn.isError, inOwn.content[0]?.text).toBeFalsy();
    expect(inOwn.structuredContent!.dir).toBe(path.join(own, 'made here'));
    expect(fs.existsSync(path.join(own, 'made here', 'greeter2_test.lua'))).toBe(true);
    // Anywhere else: refused, nothing written.
    expect(outside.isError).toBe(true);
    expect(outside.content[0].text).toMatch(/an agent writes a plugin folder in its own folder .* not /);
    expect(fs.existsSync(elsewhere)).toBe(false);
    expect(linked.isError).toBe(true);
    expect(linked.content[0].text).toMatch(/an agent writes a plugin folder in its own folder/);
    expect(fs.existsSync(path.join(path.dirname(h.home), 'escaped'))).toBe(false);
    // The folder there already: refused, nothing overwritten; an improvement that is not there: said.
    expect(again.isError).toBe(true);
    expect(again.content[0].text).toMatch(/is there already: nothing written/);
    expect(unknown.isError).toBe(true);
    expect(unknown.content[0].text).toMatch(/no improvement named "nope"/);

    // Nothing installed or enabled: the hub has no plugin, the lock none.
    expect(fs.existsSync(path.join(h.home, 'plugins', 'lock.json'))).toBe(false);
    // And its test passes when the user runs it.
    const tested = await h.cli(['test', d.dir]);
    expect(tested.status, tested.stdout + tested.stderr).toBe(0);
    expect(tested.stdout).toMatch(/^1 passed, 0 failed$/m);
  }, 240000);
});
