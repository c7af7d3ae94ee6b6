// No package script runs on a fetch or a look (issue 93, item 4), with real git, real npm and the
// real CLI and hub: a plugin whose package.json has a `prepare` that writes a marker file, offered
// as a folder or a repository behind `npm:` by an index, by the user, by a lock file and by a boxed
// agent. npm would run that script as you to pack it (it did, at `plugin search --update` and at
// "look at it"); each is refused, saying what to add instead, and the marker never appears. A
// registry package still installs (a local registry), and a git URL starting with "-" is refused.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run, screen, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { exec } from '../support/fleet.js';
import { localRegistry } from '../support/local-registry.js';
import { until } from '../support/wait.js';
import { cli, lockEntry, manifest } from '../support/plugin-source.js';
import { paletteAdd } from '../support/palette-add.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
const tmp = (p: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), p));
  dirs.push(d);
  return d;
};
const { running, dotHome } = stoppedAfterEach();

/** A plugin that is an npm package whose `prepare` writes `marker`: a folder, and a git repository of it. */
function scripted(root: string, marker: string): { folder: string; repo: string } {
  const folder = path.join(root, 'pkg');
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(
    path.join(folder, 'package.json'),
    JSON.stringify({
      name: 'botster-plugin-scripted',
      version: '1.0.0',
      scripts: { prepare: `touch '${marker}'` },
    }),
  );
  fs.writeFileSync(path.join(folder, 'plugin.json'), manifest('scripted', '1.0.0', ['pieces']));
  fs.writeFileSync(
    path.join(folder, 'init.lua'),
    'layout.piece("status.left", "s", function() return "SCRIPTED" end)\n',
  );
  const git = (...a: string[]) =>
    execFileSync('git', ['-C', folder, '-c', 'user.email=t@t', '-c', 'user.name=t', ...a]);
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'v1');
  return { folder, repo: `file://${folder}` };
}

/** A git repository whose botster-plugins.json lists `plugins`; its file:// URL. */
function indexRepo(plugins: unknown[]): string {
  const dir = path.join(tmp('botster-index-'), 'index');
  fs.mkdirSync(dir);
  const git = (...a: string[]) =>
    execFileSync('git', ['-C', dir, '-c', 'user.email=t@t', '-c', 'user.name=t', ...a]);
  git('init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(dir, 'botster-plugins.json'), JSON.stringify({ plugins }));
  git('add', '-A');
  git('commit', '-q', '-m', 'index');
  return `file://${dir}`;
}

describe('no package script runs on a fetch or a look', () => {
  it('plugin search --update: an index entry npm:file: or npm:git+ is listed refused, its prepare never run; its git source is offered', () => {
    const root = tmp('botster-scripts-');
    const marker = path.join(root, 'prepare-ran');
    const { folder, repo } = scripted(root, marker);
    const index = indexRepo([
      { name: 'scripted', source: `npm:file:${folder}`, description: 'as a folder' },
      { name: 'scripted', source: `npm:git+${repo}`, description: 'as a repository' },
      { name: 'scripted', source: repo, description: 'as git' },
    ]);
    const home = path.join(tmp('botster-home-'), 'home');
    fs.mkdirSync(path.join(home, 'user'), { recursive: true });
    fs.writeFileSync(path.join(home, 'user', 'init.lua'), `plugins.index(${JSON.stringify(index)})\n`);

    const r = cli(home, ['plugin', 'search', '--update', 'scripted', '--json']);
    expect(fs.existsSync(marker)).toBe(false);
    expect(r.status).toBe(0);
    const found = JSON.parse(r.stdout) as Array<{ source: string; error?: string; card?: string[] }>;
    expect(found.map((f) => f.error ?? 'ok')).toEqual([
      expect.stringContaining(
        `a folder behind npm: is refused (npm runs its package scripts (prepare) to pack it, as you, before you have seen or granted anything); add the folder itself: botster-tui plugin add ${folder}`,
      ),
      expect.stringContaining(`a repository behind npm: is refused`),
      'ok',
    ]);
    expect(found[1].error).toContain(`add the git source itself: botster-tui plugin add git+${repo}`);
    expect(found[2].card).toEqual([
      'runs no program, reaches no network, reads no file, binds no key, drives no agent',
    ]);
  });

  it('plugin add npm:file: and a lock that names one are refused, the folder itself is added; a git URL starting with "-" is refused', () => {
    const root = tmp('botster-scripts-');
    const marker = path.join(root, 'prepare-ran');
    const { folder, repo } = scripted(root, marker);
    const home = path.join(tmp('botster-home-'), 'home');

    const npmFile = cli(home, ['plugin', 'add', `npm:file:${folder}`, '--grant', 'all']);
    expect(npmFile.status).toBe(1);
    expect(npmFile.stderr).toContain(`add the folder itself: botster-tui plugin add ${folder}`);
    const npmGit = cli(home, ['plugin', 'add', `npm:git+${repo}`, '--grant', 'all']);
    expect(npmGit.stderr).toContain(`add the git source itself: botster-tui plugin add git+${repo}`);
    expect(fs.existsSync(marker)).toBe(false);

    // A lock from elsewhere naming one: restore gives npm nothing it would build.
    fs.mkdirSync(path.join(home, 'plugins'), { recursive: true });
    const entry = { name: 'scripted', kind: 'npm', source: `file:${folder}`, version: '1.0.0' };
    fs.writeFileSync(
      path.join(home, 'plugins', 'lock.json'),
      JSON.stringify({
        version: 1,
        plugins: { scripted: { ...entry, wants: ['pieces'], granted: ['pieces'], enabled: true } },
      }),
    );
    const restore = cli(home, ['plugin', 'restore']);
    expect(restore.status).not.toBe(0);
    expect(restore.stderr).toContain('a folder behind npm: is refused');
    expect(fs.existsSync(marker)).toBe(false);
    fs.rmSync(path.join(home, 'plugins', 'lock.json'));

    // The folder itself: used in place, and nothing of it runs.
    expect(cli(home, ['plugin', 'add', folder, '--grant', 'all']).stdout).toBe(
      'added scripted 1.0.0 (folder), granted pieces\n',
    );
    expect(fs.existsSync(marker)).toBe(false);

    // git would read a URL starting with "-" as an option (its --upload-pack, before): refused.
    const dash = cli(home, ['plugin', 'add', 'git+--upload-pack=touch', '--grant', 'all']);
    expect(dash.status).toBe(1);
    expect(dash.stderr).toContain('--upload-pack=touch: a git URL does not start with "-"');
  });

  it('a registry package still installs, packed with its scripts off', async () => {
    const root = tmp('botster-scripts-');
    const marker = path.join(root, 'prepare-ran');
    const { folder } = scripted(root, marker);
    execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', root], {
      cwd: folder,
      stdio: 'ignore',
    });
    const registry = await localRegistry([path.join(root, 'botster-plugin-scripted-1.0.0.tgz')]);
    try {
      const home = path.join(tmp('botster-home-'), 'home');
      const r = await exec(
        process.execPath,
        [
          path.resolve('bin/botster-tui.js'),
          'plugin',
          'add',
          'npm:botster-plugin-scripted@1.0.0',
          '--home',
          home,
          '--grant',
          'all',
        ],
        { npm_config_registry: registry.url, npm_config_cache: path.join(root, 'npm-cache') },
      );
      expect(r.status).toBe(0);
      expect(r.stdout).toBe('added scripted 1.0.0, granted pieces\n');
      expect(lockEntry(home, 'scripted')).toMatchObject({ kind: 'npm', source: 'botster-plugin-scripted' });
      expect(fs.existsSync(marker)).toBe(false);
    } finally {
      await registry.close();
    }
  });

  it('a boxed agent asking for npm:file: of its folder is refused; the look it would have led to runs nothing', async () => {
    const home = dotHome();
    const user = path.dirname(home);
    const work = path.join(user, 'work');
    const marker = path.join(user, 'prepare-ran');
    scripted(work, marker);
    const env = { ...process.env, HOME: user, TERM: 'xterm-256color' } as Record<string, string>;
    delete env.CI;
    const client = run(['--home', home, '--agent', 'sh'], 120, 30, { env, cwd: user });
    running.push(client);
    await waitScreen(client, / INSERT /);
    const boxed = cli(home, ['new', '--no-focus', '--cwd', work, '--sandbox', 'default', '--', 'sh'], {
      HOME: user,
    });
    expect(boxed.status).toBe(0);
    const id = /\d+/.exec(boxed.stdout)![0];
    const out = path.join(work, 'ask.out');
    cli(home, [
      'send',
      id,
      `botster-tui plugin add npm:file:./pkg > ask.out 2>&1; echo "rc=$?" >> ask.out`,
      '--keys',
      'enter',
    ]);
    await until(
      'the ask was answered',
      () => fs.existsSync(out) && /rc=\d+/.test(fs.readFileSync(out, 'utf8')),
      20000,
    );
    const said = fs.readFileSync(out, 'utf8');
    expect(said).toMatch(/a folder behind npm: is refused .*add the folder itself: botster-tui plugin add/);
    expect(said).toContain('rc=1');
    expect(screen(client.term)).not.toMatch(/asks to add a plugin/);

    // What "look at it" ran (the palette's plugin.add of the agent's words): refused, nothing run.
    // (the message line shows one notice, the last: the boxed agent's own, said as its turn ends,
    // can come after the refusal under load and hide it; then it is asked again, as a user would)
    const refused = /plugin\.add: npm:file:.*a folder behind npm: is refused/;
    for (let tries = 1; ; tries++) {
      await paletteAdd(client, `npm:file:${path.join(work, 'pkg')}`);
      try {
        await waitScreen(client, refused, 5000);
        break;
      } catch (err) {
        if (tries === 3) throw err;
      }
    }
    expect(fs.existsSync(marker)).toBe(false);
  });
});
