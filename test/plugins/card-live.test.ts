// The capability card where the user is asked (src/plugins/card.ts): the hub's plugin.add dialog
// (a real hub, a real client in a PTY), and an improvement's question on the web board and in
// its push's answer (what the MCP push tool returns).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, screen, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { until } from '../support/wait.js';
import { get, webHubs } from '../support/web/web-hub.js';
import { cli } from '../support/plugin-source.js';
import { paletteAdd } from '../support/palette-add.js';

const { running, dotHome } = stoppedAfterEach();
const start = webHubs();

describe('the card where you are asked', () => {
  it("the palette's plugin.add shows what its code does before the grant", async () => {
    const home = dotHome();
    const dir = path.join(path.dirname(home), 'gh plugin');
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'plugin.json'),
      JSON.stringify({ name: 'ghpr', version: '0.1.0', capabilities: ['run', 'keys'], commands: ['gh'] }),
    );
    fs.writeFileSync(
      path.join(dir, 'init.lua'),
      'keys.bind("normal", "ctrl+g p", function(app) process.run({ cmd = "gh", args = { "pr", "list" } }) end)\n',
    );
    const client = run(['--home', home, '--agent', 'cat'], 120, 30);
    running.push(client);
    await waitScreen(client, / INSERT | NORMAL /);
    await paletteAdd(client, dir);
    await waitScreen(client, /Add plugin ghpr 0\.1\.0\?/);
    await waitScreen(client, /what its code does:/);
    expect(screen(client.term)).toMatch(/runs programs: gh \(allowed: gh\)/);
    expect(screen(client.term)).toMatch(/binds keys: ctrl\+g p \(normal\)/);
    client.pty.write('\r'); // not now
    await waitScreen(client, /plugin ghpr was not added/);
    expect(cli(home, ['plugin', 'ls']).stdout).toBe('no plugins (botster-tui plugin add SOURCE)\n');
  });

  it("an improvement's question (the board) and its push's answer carry its card", async () => {
    const w = await start([{ command: 'cat', name: 'pusher' }], {
      'user/keybindings.lua': 'keys.bind("normal", "w", "agent.next", { desc = "mine" })',
    });
    const { cookie } = await w.login();
    const source =
      'keys.bind("normal", "w", function(app) process.run({ cmd = "gh" }); http.get("https://ntfy.sh/t") end)';
    const answered = w.hub.improvements.push({ name: 'ghwatch', source, agent_id: '1' });
    await until('it waits', () => w.hub.state.facts.improvements.some((i) => i.name === 'ghwatch'), 10000);
    const board = (await get(`${w.base}/`, { cookie })).body;
    expect(board).toContain('what its code does:');
    expect(board).toContain('runs programs: gh (not granted: the hub refuses)');
    expect(board).toContain('reaches the network: ntfy.sh (not granted: the hub refuses)');
    await w.hub.improvements.answer(false, 'ghwatch');
    const answer = (await answered) as { card?: string[] };
    expect(answer.card).toEqual([
      'runs programs: gh (not granted: the hub refuses)',
      'reaches the network: ntfy.sh (not granted: the hub refuses)',
      'binds keys: w (normal)',
    ]);
  });

  it('an improvement cannot name a plugin index: an error at its line', async () => {
    const w = await start([{ command: 'cat', name: 'pusher' }]);
    const answer = await w.hub.improvements.push({
      name: 'indexer',
      source: 'keys.bind("normal", "F6", "agent.next")\nplugins.index("file:///tmp/elsewhere")\n',
      agent_id: '1',
    });
    expect(answer).toMatchObject({ live: false });
    expect((answer as { errors?: string[] }).errors).toEqual([
      'improvements/indexer.lua:2: plugins.index: only your own files name plugin indexes (not an improvement, a plugin or a project)',
    ]);
  });
});
