// Plugins in a running hub, as a person uses them: a hub server with a client attached in a PTY and
// an agent at work; plugins added, updated, broken, fixed and removed with the real CLI and from
// the palette; the screen follows each change at once and the agent runs all along.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { until } from '../support/hub.js';
import { run, screen, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { cli, manifest, pieceLua, pluginRepo } from '../support/plugin-source.js';
import { paletteAdd } from '../support/palette-add.js';

/** A status.left piece that draws `text`. */
const leftPiece = (name: string, text: string) =>
  `layout.piece("status.left", "${name}", function() return "${text}" end)\n`;

/** A folder plugin (asking for pieces) at `dir`, with one piece that draws `text`. */
function folderPlugin(dir: string, name: string, text: string): string {
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'plugin.json'), manifest(name, '0.1.0', ['pieces']));
  fs.writeFileSync(path.join(dir, 'init.lua'), leftPiece(name, text));
  return dir;
}

const { running, dotHome } = stoppedAfterEach();

const agents = (home: string) =>
  JSON.parse(cli(home, ['agents', '--json']).stdout) as Array<{ id: string; pid: number; status: string }>;

describe('plugins in a running hub', () => {
  it('added, updated, broken and removed live while the agent runs; its key works; a broken version stays off with file:line', async () => {
    const home = dotHome();
    const client = run(['--home', home, '--agent', 'sh'], 120, 30);
    running.push(client);
    await waitScreen(client, / INSERT /);
    const [agent] = agents(home);

    const repo = pluginRepo();
    repo.commit({
      'plugin.json': manifest('hello', '1.0.0', ['pieces', 'commands', 'keys']),
      'init.lua': pieceLua('hello', 'HELLO-ONE'),
    });
    expect(cli(home, ['plugin', 'add', repo.url, '--grant', 'all']).status).toBe(0);
    await waitScreen(client, /HELLO-ONE/);
    client.pty.write('\x07t'); // ctrl+g t: its key runs its command
    await waitScreen(client, /hello says hello/);
    client.pty.write('i');

    repo.commit({ 'init.lua': pieceLua('hello', 'HELLO-TWO') });
    expect(cli(home, ['plugin', 'update', 'hello']).status).toBe(0);
    await waitScreen(client, /HELLO-TWO/);

    // A folder plugin edited into a syntax error: it stays off with its file:line; the rest is live.
    const dev = folderPlugin(path.join(path.dirname(home), 'dev plugin'), 'dev', 'DEV-OK');
    expect(cli(home, ['plugin', 'add', dev, '--grant', 'all']).status).toBe(0);
    await waitScreen(client, /DEV-OK/);
    fs.writeFileSync(path.join(dev, 'init.lua'), leftPiece('dev', 'DEV-OK').replace('end)', 'end'));
    await waitScreen(client, /init\.lua:2: [\s\S]*\(plugin dev\s+stays off\)/);
    expect(screen(client.term)).not.toContain('DEV-OK');
    expect(screen(client.term)).toContain('HELLO-TWO');
    fs.writeFileSync(path.join(dev, 'init.lua'), leftPiece('dev', 'DEV-FIXED'));
    await waitScreen(client, /DEV-FIXED/);

    // Removed: gone from the screen.
    expect(cli(home, ['plugin', 'remove', 'hello']).status).toBe(0);
    await until('the piece is gone', () => !screen(client.term).includes('HELLO-TWO'), 10000);
    // The agent was never touched.
    expect(agents(home)).toMatchObject([{ id: agent.id, pid: agent.pid }]);
    expect(() => process.kill(agent.pid, 0)).not.toThrow();
  });

  it('an agent that adds a plugin asks you: what you see and grant is the copy taken when it asked', async () => {
    const home = dotHome();
    const client = run(['--home', home, '--agent', 'sh'], 120, 30);
    running.push(client);
    await waitScreen(client, / INSERT /);
    const dev = folderPlugin(path.join(path.dirname(home), 'agent plugin'), 'asked', 'ASKED-AS-SHOWN');
    // Typed in the agent (a real shell the hub runs), with its environment's mark taken off.
    const bin = path.resolve('bin/botster-tui');
    client.pty.write(
      `cd '${dev}/..' && env -u BOTSTER_AGENT_ID '${bin}' plugin add 'agent plugin'; echo "rc=$?"\r`,
    );
    await waitScreen(client, /rc=13/);
    expect(screen(client.term)).toMatch(/asked you in the hub: add the plugin from/);
    expect(cli(home, ['plugin', 'ls']).stdout).toBe('no plugins (botster-tui plugin add SOURCE)\n');
    // The agent changes its folder after asking: what you are shown and add is the copy.
    fs.writeFileSync(path.join(dev, 'init.lua'), leftPiece('asked', 'CHANGED-AFTER'));
    client.pty.write('\x07');
    await waitScreen(client, / NORMAL /);
    client.pty.write('o');
    await waitScreen(client, /agent sh \(id 1\) asks to add a plugin/);
    client.pty.write('\x1b[B\r'); // "look at it"
    await waitScreen(client, /Add plugin asked 0\.1\.0\?/);
    client.pty.write('grant\r');
    await waitScreen(client, /plugin asked 0\.1\.0 \(folder\) added, granted pieces/);
    await waitScreen(client, /ASKED-AS-SHOWN/);
    expect(screen(client.term)).not.toContain('CHANGED-AFTER');
    const [entry] = JSON.parse(cli(home, ['plugin', 'ls', '--json']).stdout) as Array<{ source: string }>;
    expect(entry.source.startsWith(path.join(home, 'plugins', '.asked'))).toBe(true);
  });

  it('the palette adds one after showing what it asks for (Enter alone adds nothing); a CLI file from a plugin reads a real python3; settings.plugins names what is missing', async () => {
    const home = dotHome();
    fs.mkdirSync(path.join(home, 'user'), { recursive: true });
    fs.writeFileSync(
      path.join(home, 'user', 'settings.lua'),
      'settings.plugins = { "github:someone/botster-missing" }\n',
    );
    const client = run(['--home', home, '--agent', 'python3 -q'], 120, 30);
    running.push(client);
    await waitScreen(
      client,
      /settings\.plugins lists github:someone\/botster-missing, not installed: botster-tui plugin install/,
    );

    const example = path.resolve('lua/examples/plugins/python-repl');
    const open = async () => {
      // (ctrl+g unless the hub keys are on already: there it would go back to the agent)
      await paletteAdd(client, example);
      await waitScreen(client, /Add plugin python-repl 1\.0\.0\?/);
      expect(screen(client.term)).toMatch(/wants clis +tell agents' states/);
    };
    await open();
    client.pty.write('\r'); // a stray Enter: "not now"
    await waitScreen(client, /plugin python-repl was not added/);
    expect(cli(home, ['plugin', 'ls']).stdout).toBe('no plugins (botster-tui plugin add SOURCE)\n');
    await open();
    client.pty.write('grant\r');
    await waitScreen(client, /plugin python-repl 1\.0\.0 \(folder\) added, granted clis/);

    // Its CLI file now tells the python3 agent's state from its screen.
    const status = () => cli(home, ['status', '1', '--explain']).stdout;
    await until(
      'python3 is idle at its prompt',
      () => /idle[\s\S]*adapter python-repl, rule "at its >>> prompt"/.test(status()),
      15000,
    );
    cli(home, ['send', '1', 'import time; time.sleep(3)', '--keys', 'enter']);
    await until('python3 runs the statement', () => /running[\s\S]*python-repl/.test(status()), 10000);
    await until(
      'python3 is back at its prompt',
      () => /: idle\n/.test(cli(home, ['status', '1']).stdout),
      15000,
    );

    // Taken back, then granted again from the palette (the word typed).
    expect(cli(home, ['plugin', 'revoke', 'python-repl', 'clis']).stdout).toBe(
      'python-repl: granted nothing\n',
    );
    await waitScreen(client, /clis\.define\(\) needs the capability\s+"clis"/);
    if (!/ NORMAL /.test(screen(client.term))) client.pty.write('\x07');
    await waitScreen(client, / NORMAL /);
    client.pty.write(':');
    await waitScreen(client, /│ > type to filter/);
    client.pty.write('plugin.grant');
    await waitScreen(client, /plugin\.grant/);
    client.pty.write('\r');
    await waitScreen(client, /Grant which plugin\?/);
    client.pty.write('\r');
    await waitScreen(client, /Grant python-repl clis\?/);
    client.pty.write('grant\r');
    await waitScreen(client, /plugin python-repl: granted clis/);
    expect(JSON.parse(cli(home, ['plugin', 'ls', '--json']).stdout)).toMatchObject([
      { name: 'python-repl', granted: ['clis'] },
    ]);
  });
});
