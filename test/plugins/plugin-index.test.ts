// Finding plugins (docs/plugins.md#finding-plugins), with the real CLI: an index that is a local
// git repository named in the user's Lua (plugins.index), searched and read offline from the
// home's cache, each result with its card and its pin; `plugin add NAME` installs it at that pin;
// an update whose card grows (a new process.run) asks again and says which program; an agent can
// neither fetch an index into the home nor install.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, lockEntry, pluginRepo } from '../support/plugin-source.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
const tmp = (p: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), p));
  dirs.push(d);
  return d;
};

const GHPR = `
keys.bind("normal", "ctrl+g p", function(app)
  local r = process.run({ cmd = "gh", args = { "pr", "list" } })
  app:notify(r.stdout)
end, { desc = "pull requests" })
`;
const ghManifest = (version: string, commands: string[]) =>
  JSON.stringify({
    name: 'ghpr',
    version,
    description: 'pull requests, from gh',
    capabilities: ['run', 'keys'],
    commands,
  });

/** A git repository (a work tree) whose botster-plugins.json lists `plugins`; answers its file:// URL. */
function indexRepo(plugins: unknown[]): string {
  const dir = path.join(tmp('botster-index '), 'the index');
  fs.mkdirSync(dir);
  const git = (...a: string[]) =>
    execFileSync('git', ['-C', dir, '-c', 'user.email=t@t', '-c', 'user.name=t', ...a]);
  git('init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(dir, 'botster-plugins.json'), JSON.stringify({ plugins }, null, 2));
  git('add', '-A');
  git('commit', '-q', '-m', 'index');
  return `file://${dir}`;
}

function homeWithIndex(index: string): string {
  const home = path.join(tmp('botster-home '), 'a home');
  fs.mkdirSync(path.join(home, 'user'), { recursive: true });
  fs.writeFileSync(path.join(home, 'user', 'init.lua'), `plugins.index(${JSON.stringify(index)})\n`);
  return home;
}

describe('plugin search / info / add from an index', () => {
  it('finds a plugin with its card and pin, offline from the cache, adds it pinned; a grown update asks again', () => {
    const repo = pluginRepo();
    const v1 = repo.commit({ 'plugin.json': ghManifest('1.0.0', ['gh']), 'init.lua': GHPR });
    const index = indexRepo([
      { name: 'ghpr', source: repo.url, description: 'pull requests, from gh', keywords: ['github'] },
    ]);
    const home = homeWithIndex(index);

    const found = cli(home, ['plugin', 'search', 'github']);
    expect(found.status).toBe(0);
    expect(found.stdout).toContain('ghpr 1.0.0: pull requests, from gh');
    expect(found.stdout).toContain(`@ ${v1.slice(0, 12)}`);
    expect(found.stdout).toContain('runs programs: gh (allowed: gh)');
    expect(found.stdout).toContain('binds keys: ctrl+g p (normal)');
    expect(cli(home, ['plugin', 'search', 'nothing-like-it']).stdout).toBe(
      'no plugin matches nothing-like-it\n',
    );

    // Offline: the index repository gone, the cache answers.
    fs.rmSync(new URL(index).pathname, { recursive: true, force: true });
    const info = cli(home, ['plugin', 'info', 'ghpr', '--json']);
    expect(info.status).toBe(0);
    const p = JSON.parse(info.stdout);
    expect(p.pin).toBe(v1);
    expect(p.installed).toBe(false);
    expect(p.card).toEqual(['runs programs: gh (allowed: gh)', 'binds keys: ctrl+g p (normal)']);

    // An agent neither installs nor fetches (no hub answers it: refused outright).
    const byAgent = cli(home, ['plugin', 'add', 'ghpr', '--grant', 'all'], { BOTSTER_AGENT_ID: '1' });
    expect(byAgent.status).not.toBe(0);
    expect(byAgent.stderr).toMatch(/an agent cannot add plugins/);
    expect(lockEntry(home, 'ghpr')).toBeNull();
    const refresh = cli(home, ['plugin', 'search', '--update'], { BOTSTER_AGENT_ID: '1' });
    expect(refresh.stderr).toMatch(/not fetched \(an agent reads the cache only/);

    // Added from the search result: at its pin, the card shown before the grant; the name is the
    // index's even where a folder of that name is at hand (that one is ./ghpr).
    const v2 = repo.commit({ 'init.lua': GHPR + 'keys.bind("normal", "ctrl+g x", function() end)\n' });
    const here = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-here-'));
    fs.mkdirSync(path.join(here, 'ghpr'));
    fs.writeFileSync(path.join(here, 'ghpr', 'plugin.json'), ghManifest('9.9.9', ['gh']));
    fs.writeFileSync(path.join(here, 'ghpr', 'init.lua'), GHPR);
    const added = cli(home, ['plugin', 'add', 'ghpr', '--grant', 'all'], {}, here);
    expect(added.status).toBe(0);
    expect(added.stderr).toContain('runs programs: gh (allowed: gh)');
    expect(lockEntry(home, 'ghpr')?.commit).toBe(v1);
    // What takes away the user's choice (the plugin, its grants, its pin) is refused to an agent.
    for (const [args, what] of [
      [['remove', 'ghpr'], 'remove plugins'],
      [['disable', 'ghpr'], 'disable plugins'],
      [['revoke', 'ghpr', 'keys'], "revoke a plugin's capabilities"],
      [['restore'], 'restore plugins'],
    ] as const) {
      const r = cli(home, ['plugin', ...args], { BOTSTER_AGENT_ID: '1' });
      expect({ status: r.status, stderr: r.stderr }).toEqual({
        status: 1,
        stderr: `botster-tui plugin: an agent cannot ${what}: the user does\n`,
      });
    }
    expect(lockEntry(home, 'ghpr')).toMatchObject({ commit: v1, enabled: true });
    expect(v2).not.toBe(v1);
    expect(cli(home, ['plugin', 'info', 'ghpr']).stdout).toMatch(
      /ghpr 1\.0\.0 @ .*\n.*granted run, keys\n.*what its code does:\n +runs programs: gh/,
    );

    // An update that adds process.run of curl: asked again, the card names curl; not given, it stays.
    const v3 = repo.commit({
      'plugin.json': ghManifest('1.1.0', ['gh', 'curl']),
      'init.lua': GHPR + 'keys.bind("normal", "ctrl+g u", function() process.run({ cmd = "curl" }) end)\n',
    });
    const refused = cli(home, ['plugin', 'update', 'ghpr@main']);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('runs programs: curl (new)');
    expect(refused.stderr).toMatch(/not accepted: ghpr stays at 1\.0\.0/);
    expect(lockEntry(home, 'ghpr')?.commit).toBe(v1);
    const accepted = cli(home, ['plugin', 'update', 'ghpr@main', '--grant', 'all']);
    expect(accepted.status).toBe(0);
    expect(lockEntry(home, 'ghpr')?.commit).toBe(v3);
    expect(JSON.parse(cli(home, ['plugin', 'info', 'ghpr', '--json']).stdout).card[0]).toBe(
      'runs programs: curl, gh (allowed: gh, curl)',
    );
  }, 240000);

  it('no index named says how to name one; a bad index file is told by name', () => {
    const home = path.join(tmp('botster-home '), 'a home');
    const none = cli(home, ['plugin', 'search', 'x']);
    expect(none.status).not.toBe(0);
    expect(none.stderr).toMatch(/no plugin index: name one in your Lua, plugins\.index/);
    const bad = homeWithIndex(indexRepo([{ name: 'Bad Name', source: 'x' }]));
    expect(cli(bad, ['plugin', 'search']).stderr).toMatch(
      /botster-plugins\.json: plugins\[0\]: "Bad Name" is not a plugin name/,
    );
  }, 60000);
});
