// `botster-tui plugin` on a home, as a user runs it: plugins added from a bare git repository
// (file://), a folder and a packed npm tarball, all local; updated to a new commit and back through
// the lock; a broken update and one asking for more refused with the last good version kept; what
// was not granted refused by name; removed cleanly. Each frame is drawn by the real CLI (snapshot).
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tempHome } from '../support/homes.js';
import {
  cli,
  frame,
  lockEntry,
  manifest,
  pieceLua,
  pluginRepo,
  statusBar,
} from '../support/plugin-source.js';

// A walk of some twenty botster-tui processes, one after another: more than the default budget on
// a busy machine (it takes ~14 s alone here), so a hang guard of its own.
const LONG = 60_000;

describe('botster-tui plugin', () => {
  it(
    'adds from git, updates to a new commit and back, restores the lock, keeps the last good version, removes',
    () => {
      const home = path.join(tempHome(), '.botster');
      const repo = pluginRepo();
      const v1 = repo.commit({
        'plugin.json': manifest('hello', '1.0.0', ['pieces', 'commands', 'keys']),
        'init.lua': pieceLua('hello', 'HELLO-ONE'),
      });

      // Without a terminal, what it asks for must be granted in words.
      const asked = cli(home, ['plugin', 'add', repo.url]);
      expect(asked.status).toBe(1);
      expect(asked.stderr).toContain(
        'hello asks for pieces, commands, keys: say what you grant with --grant',
      );
      expect(lockEntry(home, 'hello')).toBeNull();

      const added = cli(home, ['plugin', 'add', repo.url, '--grant', 'all']);
      expect(added.stderr).toContain('pieces     draw pieces in the layout');
      expect(added).toMatchObject({
        status: 0,
        stdout: `added hello 1.0.0 @ ${v1.slice(0, 7)}, granted pieces, commands, keys\n`,
      });
      expect(lockEntry(home, 'hello')).toMatchObject({
        kind: 'git',
        commit: v1,
        granted: ['pieces', 'commands', 'keys'],
      });
      expect(statusBar(home)).toContain('HELLO-ONE');
      // Its key runs its command (t in normal mode).
      expect(frame(home, 'ctrl+g t')).toContain('hello says hello');

      const v2 = repo.commit({ 'init.lua': pieceLua('hello', 'HELLO-TWO') });
      const up = cli(home, ['plugin', 'update', 'hello']);
      expect(up).toMatchObject({
        status: 0,
        stdout: `hello: 1.0.0 @ ${v1.slice(0, 7)} -> 1.0.0 @ ${v2.slice(0, 7)}\n`,
      });
      expect(lockEntry(home, 'hello')).toMatchObject({ commit: v2, previous: v1 });
      expect(statusBar(home)).toContain('HELLO-TWO');
      expect(cli(home, ['plugin', 'update', 'hello']).stdout).toContain('hello is up to date');

      // Back, and forward again through a lock kept elsewhere (a dotfiles repository, say).
      const lockAtTwo = fs.readFileSync(path.join(home, 'plugins', 'lock.json'), 'utf8');
      expect(cli(home, ['plugin', 'update', 'hello@previous']).status).toBe(0);
      expect(lockEntry(home, 'hello')).toMatchObject({ commit: v1 });
      expect(statusBar(home)).toContain('HELLO-ONE');
      fs.writeFileSync(path.join(home, 'plugins', 'lock.json'), lockAtTwo);
      // The copy is not what the lock pins: the hub leaves it off and says how to restore it.
      expect(statusBar(home)).not.toContain('HELLO-');
      const restored = cli(home, ['plugin', 'restore']);
      expect(restored).toMatchObject({ status: 0, stdout: `hello: restored to 1.0.0 @ ${v2.slice(0, 7)}\n` });
      expect(statusBar(home)).toContain('HELLO-TWO');

      // A broken version: refused with its file:line, the last good one stays live.
      repo.commit({ 'init.lua': 'layout.piece("status.right", "hello", function() return "x" end\n' });
      const broken = cli(home, ['plugin', 'update', 'hello']);
      expect(broken.status).toBe(1);
      expect(broken.stderr).toMatch(/init\.lua:2: .*'\)' expected/);
      expect(broken.stderr).toContain(`hello 1.0.0 does not load: hello stays at 1.0.0 @ ${v2.slice(0, 7)}`);
      expect(lockEntry(home, 'hello')).toMatchObject({ commit: v2 });
      expect(statusBar(home)).toContain('HELLO-TWO');

      // A version that asks for more: not installed until that is granted.
      const v4 = repo.commit({
        'plugin.json': manifest('hello', '2.0.0', ['pieces', 'commands', 'keys', 'send']),
        'init.lua': pieceLua('hello', 'HELLO-FOUR'),
      });
      const more = cli(home, ['plugin', 'update', 'hello']);
      expect(more.status).toBe(1);
      expect(more.stderr).toContain('say what you grant with --grant send');
      expect(lockEntry(home, 'hello')).toMatchObject({ commit: v2 });
      const granted = cli(home, ['plugin', 'update', 'hello', '--grant', 'send']);
      expect(granted.status).toBe(0);
      expect(lockEntry(home, 'hello')).toMatchObject({
        commit: v4,
        version: '2.0.0',
        granted: ['pieces', 'commands', 'keys', 'send'],
      });

      // ls, then remove: the copy, its bare repository and its line go.
      expect(cli(home, ['plugin', 'ls']).stdout).toMatch(
        /^hello +2\.0\.0 @ [0-9a-f]{7} +on +pieces,commands,keys,send +file:\/\//,
      );
      expect(cli(home, ['plugin', 'remove', 'hello'])).toMatchObject({
        status: 0,
        stdout: 'hello removed\n',
      });
      expect(lockEntry(home, 'hello')).toBeNull();
      expect(fs.existsSync(path.join(home, 'plugins', 'hello'))).toBe(false);
      expect(fs.readdirSync(path.join(home, 'plugins', '.repos'))).toEqual([]);
      expect(fs.readdirSync(path.join(home, 'plugins', '.staging'))).toEqual([]);
      expect(statusBar(home)).not.toContain('HELLO-');
    },
    LONG,
  );

  it(
    'what was not granted is refused by name: at load (the plugin stays off, the others load) and when its code asks',
    () => {
      const home = path.join(tempHome(), '.botster');
      const keysOnly = path.join(tempHome(), 'keys only');
      fs.mkdirSync(keysOnly);
      fs.writeFileSync(path.join(keysOnly, 'plugin.json'), manifest('binder', '1.0.0', ['keys', 'pieces']));
      // Binds a key at load, which needs `keys`.
      fs.writeFileSync(
        path.join(keysOnly, 'init.lua'),
        'keys.bind("normal", "t", function() end)\nlayout.piece("status.right", "b", function() return "BINDER" end)\n',
      );
      const typer = path.join(tempHome(), 'typer');
      fs.mkdirSync(typer);
      fs.writeFileSync(
        path.join(typer, 'plugin.json'),
        manifest('typer', '1.0.0', ['pieces', 'commands', 'keys', 'send']),
      );
      fs.writeFileSync(
        path.join(typer, 'init.lua'),
        [
          'layout.piece("status.right", "t", function() return plugin.granted("send") and "TYPER-CAN" or "TYPER-CANNOT" end)',
          'commands.register("typer.go", function(app) app:send(app.focused, "hi", "enter") end, { desc = "types" })',
          'keys.bind("normal", "t", "typer.go")',
        ].join('\n'),
      );
      // A partial grant that the plugin cannot load with is refused at add (nothing added)...
      const partial = cli(home, ['plugin', 'add', keysOnly, '--grant', 'pieces']);
      expect(partial.status).toBe(1);
      expect(partial.stderr).toContain(
        'init.lua:1: plugin binder: keys.bind() needs the capability "keys" (bind keys and key tables), which it was not granted (botster-tui plugin grant binder keys)',
      );
      expect(partial.stderr).toContain('binder does not load with what you granted: nothing was added');
      expect(cli(home, ['plugin', 'add', keysOnly, '--grant', 'all']).status).toBe(0);
      expect(cli(home, ['plugin', 'add', typer, '--grant', 'pieces,commands,keys']).status).toBe(0);
      expect(statusBar(home)).toMatch(/BINDER TYPER-CANNOT/);

      // ...and a grant taken back later: binder stays off with its file:line; typer still loads.
      expect(cli(home, ['plugin', 'revoke', 'binder', 'keys']).stdout).toBe('binder: granted pieces\n');
      const off = frame(home);
      expect(off).not.toContain('BINDER');
      expect(off).toContain('TYPER-CANNOT');
      expect(off).toMatch(/keys\.bind\(\) needs the capability "keys"/);

      // typer's command types into an agent without `send`: refused by name, the hub goes on.
      expect(frame(home, 'ctrl+g t')).toMatch(/plugin typer: type into agents needs the capability "send"/);
      expect(cli(home, ['plugin', 'grant', 'typer', 'send']).stdout).toBe(
        'typer: granted pieces, commands, keys, send\n',
      );
      expect(statusBar(home)).toContain('TYPER-CAN ');
      // Granting what it does not ask for is refused.
      expect(cli(home, ['plugin', 'grant', 'typer', 'files'])).toMatchObject({
        status: 1,
        stderr: 'botster-tui plugin: typer does not ask for files\n',
      });
    },
    LONG,
  );

  it(
    'a folder is used in place and an npm tarball is unpacked; an agent inside the hub cannot add or grant; plugin new scaffolds one whose test passes',
    () => {
      const home = path.join(tempHome(), 'my home');
      const scratch = tempHome();
      // plugin new, then its own Lua test (botster-tui test: the plugin added to a home of its own).
      const made = cli(home, ['plugin', 'new', 'demo-piece'], {}, scratch);
      expect(made.status).toBe(0);
      const dir = path.join(scratch, 'demo-piece');
      expect(fs.readdirSync(dir).sort()).toEqual([
        'README.md',
        'demo_piece_test.lua',
        'init.lua',
        'plugin.json',
      ]);
      const test = cli(home, ['test', dir], {}, scratch);
      expect(test.stdout).toContain(
        '✓ demo-piece/demo_piece_test.lua: demo-piece draws its piece in the status bar',
      );
      expect(test.stdout).toContain('✓ demo-piece/demo_piece_test.lua: demo-piece t hides it');
      expect(test.stdout.trimEnd().split('\n').at(-1)).toBe('2 passed, 0 failed');
      expect(test.status).toBe(0);
      expect(fs.readFileSync(path.join(dir, '__golden__/status-bar.txt'), 'utf8')).toContain(
        'demo-piece: 2 agents, 0 waiting',
      );

      // A folder: linked, so an edit is live at the next load.
      expect(cli(home, ['plugin', 'add', dir, '--grant', 'all']).stdout).toBe(
        'added demo-piece 0.1.0 (folder), granted pieces, commands, keys\n',
      );
      expect(fs.lstatSync(path.join(home, 'plugins', 'demo-piece')).isSymbolicLink()).toBe(true);
      expect(statusBar(home)).toContain('demo-piece: 1 agents, 0 waiting');

      // An npm package, packed here (npm pack of a folder needs no registry).
      const pkg = path.join(scratch, 'pkg');
      fs.mkdirSync(pkg);
      fs.writeFileSync(
        path.join(pkg, 'package.json'),
        JSON.stringify({ name: 'botster-plugin-npmed', version: '3.1.0' }),
      );
      fs.writeFileSync(path.join(pkg, 'plugin.json'), manifest('npmed', '3.1.0', ['pieces']));
      fs.writeFileSync(
        path.join(pkg, 'init.lua'),
        'layout.piece("status.left", "n", function() return "NPMED" end)\n',
      );
      execFileSync('npm', ['pack', '--silent', '--pack-destination', scratch], { cwd: pkg, stdio: 'ignore' });
      const tgz = path.join(scratch, 'botster-plugin-npmed-3.1.0.tgz');
      expect(cli(home, ['plugin', 'add', `npm:${tgz}`, '--grant', 'pieces']).stdout).toBe(
        'added npmed 3.1.0, granted pieces\n',
      );
      expect(lockEntry(home, 'npmed')).toMatchObject({ kind: 'npm', version: '3.1.0' });
      expect(statusBar(home)).toContain('NPMED');
      expect(cli(home, ['plugin', 'disable', 'npmed']).status).toBe(0);
      expect(statusBar(home)).not.toContain('NPMED');

      // From inside an agent of the hub: the user's to do.
      const inside = cli(home, ['plugin', 'grant', 'npmed', 'pieces'], { BOTSTER_AGENT_ID: '1' });
      expect(inside).toMatchObject({
        status: 1,
        stderr: "botster-tui plugin: an agent cannot grant a plugin's capabilities: the user does\n",
      });
      expect(cli(home, ['plugin', 'add', dir], { BOTSTER_AGENT_ID: '1' }).stderr).toContain(
        'an agent cannot add plugins',
      );
      // Bad input: a clear error, nothing changed.
      expect(cli(home, ['plugin', 'add', path.join(scratch, 'nowhere')]).stderr).toContain(
        'nowhere: no such folder',
      );
      expect(cli(home, ['plugin', 'remove', 'nothing'])).toMatchObject({
        status: 1,
        stderr: 'botster-tui plugin: no plugin named nothing (botster-tui plugin ls)\n',
      });
      expect(cli(home, ['plugin', 'frobnicate']).status).toBe(2);
    },
    LONG,
  );

  it('install adds what settings.plugins lists and the lock lacks (the hub itself never fetches)', () => {
    const repo = pluginRepo();
    repo.commit({
      'plugin.json': manifest('listed', '1.0.0', ['pieces']),
      'init.lua': pieceLua('listed', 'LISTED').split('\n')[1],
    });
    const home = path.join(
      tempHome({ 'user/settings.lua': `settings.plugins = { ${JSON.stringify(repo.url)} }\n` }),
    );
    // Not installed: drawn without it, with the notice that says how.
    expect(frame(home)).toMatch(
      /settings\.plugins lists file:\/\/.*not installed: botster-tui plugin install/s,
    );
    expect(cli(home, ['plugin', 'install', '--grant', 'all']).stdout).toMatch(
      /^added listed 1\.0\.0 @ [0-9a-f]{7}, granted pieces\n$/,
    );
    expect(cli(home, ['plugin', 'install']).stdout).toBe('all 1 of settings.plugins are installed\n');
    expect(statusBar(home)).toContain('LISTED');
  });

  it(
    'the shipped examples install from a git repository: the clock draws and its key answers; the python-repl CLI file is a clis plugin',
    () => {
      const home = path.join(tempHome(), '.botster');
      const examples = path.resolve('lua/examples/plugins');
      for (const name of ['clock', 'python-repl']) {
        const repo = pluginRepo();
        const files: Record<string, string> = {};
        for (const f of fs.readdirSync(path.join(examples, name)))
          files[f] = fs.readFileSync(path.join(examples, name, f), 'utf8');
        repo.commit(files);
        expect(cli(home, ['plugin', 'add', repo.url, '--grant', 'all']).stdout).toMatch(
          new RegExp(`^added ${name} 1\\.0\\.0 @ [0-9a-f]{7}, granted `),
        );
      }
      expect(lockEntry(home, 'python-repl')).toMatchObject({ granted: ['clis'] });
      expect(statusBar(home)).toMatch(/\d\d:\d\d +Ctrl\+g: hub keys$/);
      expect(frame(home, 'ctrl+g W')).toContain('nobody is waiting');
    },
    LONG,
  );

  // The lock alone said "on" for a plugin the hub switched off after a syntax error.
  it('ls says off, and why, for a plugin whose Lua does not load; on again once fixed', () => {
    const home = path.join(tempHome(), '.botster');
    const dev = path.join(path.dirname(home), 'dev plugin');
    fs.mkdirSync(dev);
    fs.writeFileSync(path.join(dev, 'plugin.json'), manifest('dev', '0.1.0', ['pieces']));
    const ok = 'layout.piece("status.left", "dev", function() return "DEV-OK" end)\n';
    fs.writeFileSync(path.join(dev, 'init.lua'), ok);
    expect(cli(home, ['plugin', 'add', dev, '--grant', 'all']).status).toBe(0);
    expect(cli(home, ['plugin', 'ls']).stdout).toMatch(/^dev +0\.1\.0 \(folder\) +on +pieces/);
    fs.writeFileSync(path.join(dev, 'init.lua'), ok.replace(')\n', '\n'));
    const ls = cli(home, ['plugin', 'ls']);
    expect(ls.stdout).toMatch(/^dev +0\.1\.0 \(folder\) +off +pieces .*\n +off: dev\/init\.lua:2: /);
    expect(JSON.parse(cli(home, ['plugin', 'ls', '--json']).stdout)).toMatchObject([
      { name: 'dev', state: 'off', off: expect.stringMatching(/init\.lua:2: /) },
    ]);
    fs.writeFileSync(path.join(dev, 'init.lua'), ok);
    expect(cli(home, ['plugin', 'ls']).stdout).toMatch(/^dev +0\.1\.0 \(folder\) +on +pieces/);
  });
});
