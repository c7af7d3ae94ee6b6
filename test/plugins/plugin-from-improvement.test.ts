import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetHubs } from '../support/fleet.js';
import { tempHome } from '../support/homes.js';
import { cli, lockEntry, pluginRepo } from '../support/plugin-source.js';

// `botster-tui plugin new NAME --from improvement IMP [DIR]` (issue 85, part 2): an improvement
// pushed to a real hub becomes a plugin folder whose test passes at once, which a second home adds
// from git, loads, and whose test passes there too. Nothing is installed by making it.

const hubs = fleetHubs();

const V1 = `keys.bind("normal", "z", function(app) app:notify("one") end, { desc = "say one" })\n`;
const V2 = `-- keys.bind in a comment is no use of it; process.run neither
layout.piece("status.right", "greet", function(app) return "greetings from the piece" end)
keys.bind("normal", "z", function(app) app:notify("two") end, { desc = "say two" })
`;

/** Every file under `dir`, relative, with its text. */
function filesOf(dir: string, under = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(path.join(dir, under), { withFileTypes: true })) {
    const rel = path.join(under, e.name);
    if (e.isDirectory()) Object.assign(out, filesOf(dir, rel));
    else out[rel] = fs.readFileSync(path.join(dir, rel), 'utf8');
  }
  return out;
}

describe('plugin new --from improvement', () => {
  it('makes a plugin of a pushed improvement: its test passes here, and in a second home that adds it', async () => {
    const h = await hubs([]);
    const work = fs.mkdtempSync(path.join(path.dirname(h.home), 'my plugins-'));
    for (const [i, src] of [V1, V2].entries()) {
      const file = path.join(work, 'greet.lua');
      fs.writeFileSync(file, src);
      const pushed = await h.cli(['push', file]);
      expect(pushed.status, pushed.stderr).toBe(0);
      expect(JSON.parse(pushed.stdout)).toMatchObject({ live: true, version: i + 1 });
    }

    const dir = path.join(work, 'greet plugin');
    const made = await h.cli(['plugin', 'new', 'greeter', '--from', 'improvement', 'greet', dir]);
    expect(made.status, made.stderr + made.stdout).toBe(0);
    expect(made.stdout).toMatch(/greeter 1\.0\.2 asks for keys, pieces \(read from its code\)/);
    expect(made.stdout).toMatch(/nothing is installed/);
    // Its files: the live version as init.lua, both versions, the manifest of what it calls.
    expect(fs.readFileSync(path.join(dir, 'init.lua'), 'utf8')).toBe(V2);
    expect(fs.readFileSync(path.join(dir, 'history', 'v1.lua'), 'utf8')).toBe(V1);
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'plugin.json'), 'utf8'));
    expect(m).toMatchObject({ name: 'greeter', capabilities: ['keys', 'pieces'] });
    expect(m.provides).toEqual(
      expect.arrayContaining(['piece: status.right greet', 'key: normal z (say two)']),
    );
    const history = fs.readFileSync(path.join(dir, 'HISTORY.md'), 'utf8');
    expect(history).toMatch(/\| v1 \|/);
    expect(history).toMatch(/\| v2 \(live\) \|/);
    const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
    expect(readme).toMatch(/`keys`: bind keys .*\(it calls `keys\.bind`\)/);
    expect(readme).toMatch(/plugin new greeter --from improvement greet/);
    // Its golden frame shows the improvement's piece, and the test passes as it is.
    expect(fs.readFileSync(path.join(dir, '__golden__', 'hub.txt'), 'utf8')).toMatch(
      /greetings from the piece/,
    );
    const tested = await h.cli(['test', dir]);
    expect(tested.status, tested.stdout + tested.stderr).toBe(0);
    expect(tested.stdout).toMatch(/^1 passed, 0 failed$/m);
    // Nothing was installed in the home it was made in.
    expect(lockEntry(h.home, 'greeter')).toBeNull();

    // Clear refusals, nothing overwritten.
    const before = filesOf(dir);
    const again = await h.cli(['plugin', 'new', 'greeter', '--from', 'improvement', 'greet', dir]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/greet plugin is there already: nothing written/);
    expect(filesOf(dir)).toEqual(before);
    const none = await h.cli(['plugin', 'new', 'x', '--from', 'improvement', 'nope', path.join(work, 'x')]);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/no improvement named "nope"/);
    expect(fs.existsSync(path.join(work, 'x'))).toBe(false);

    // A second home adds it from git as anyone would, granting what it asks for: it loads and its test passes.
    const repo = pluginRepo();
    repo.commit(filesOf(dir));
    const home2 = path.join(tempHome(), 'second home');
    const added = cli(home2, ['plugin', 'add', repo.url, '--grant', 'all']);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/added greeter .*granted keys, pieces/);
    const ls = cli(home2, ['plugin', 'ls']);
    expect(ls.stdout).toMatch(/^greeter .* on {2,}/m);
    const there = cli(home2, ['test']);
    expect(there.status, there.stdout + there.stderr).toBe(0);
    expect(there.stdout).toMatch(/✓ .*greeter_test\.lua: greeter draws the hub as it did when it was made/);
    expect(there.stdout).toMatch(/^1 passed, 0 failed$/m);

    // Its name is taken in that home now: made again there, refused.
    const taken = cli(home2, [
      'plugin',
      'new',
      'greeter',
      '--from',
      'improvement',
      'greet',
      path.join(work, 'y'),
    ]);
    expect(taken.status).toBe(1);
    expect(taken.stderr).toMatch(/no improvement named "greet"/);
    fs.cpSync(path.join(h.home, 'improvements'), path.join(home2, 'improvements'), { recursive: true });
    const taken2 = cli(home2, [
      'plugin',
      'new',
      'greeter',
      '--from',
      'improvement',
      'greet',
      path.join(work, 'y'),
    ]);
    expect(taken2.stderr).toMatch(/a plugin named "greeter" is in this home already/);
    expect(fs.existsSync(path.join(work, 'y'))).toBe(false);
  }, 180000);
});
