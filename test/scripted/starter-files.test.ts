import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeUserDir, STARTERS_DIR } from '../../src/reload/starter-files.js';
import { tempHome } from '../support/homes.js';
import { useHub } from '../support/use-hub.js';

// A new home's user/ was made empty: a newcomer had nothing to start from. It gets the commented
// starters of lua/starters/, which change nothing until uncommented (`--[[` -> `---[[`).

const hubs = useHub();
const uncommented = (source: string) => source.replace(/^--\[\[$/m, '---[[');

describe('starter files in user/', () => {
  it('a new user/ gets them; an existing one (a file deleted) is left alone', () => {
    const home = tempHome();
    makeUserDir(home);
    expect(fs.readdirSync(path.join(home, 'user')).sort()).toEqual([
      'keybindings.lua',
      'layout.lua',
      'profiles.lua',
    ]);
    fs.rmSync(path.join(home, 'user', 'profiles.lua'));
    makeUserDir(home);
    expect(fs.readdirSync(path.join(home, 'user')).sort()).toEqual(['keybindings.lua', 'layout.lua']);
  });

  it('as shipped they change nothing: the frame, the keys and the profiles are the defaults', async () => {
    const home = tempHome();
    makeUserDir(home);
    const bare = await hubs.scripted({ agents: [{ command: 'cat' }] });
    const started = await hubs.scripted({ home, agents: [{ command: 'cat' }] });
    await bare.frame(/Agents: 1/);
    await started.frame(/Agents: 1/);
    expect(started.hub.state.configError).toBeNull();
    expect(started.screen()).toBe(bare.screen());
    expect(started.hub.config.profiles.map((p) => p.name)).toEqual(
      bare.hub.config.profiles.map((p) => p.name),
    );
    expect(started.hub.inputCtl.bindingsFor('normal').length).toBe(
      bare.hub.inputCtl.bindingsFor('normal').length,
    );
  });

  it('uncommented, each works: the layout composes the default pieces, the keys bind, the profiles are offered', async () => {
    const files = Object.fromEntries(
      ['layout.lua', 'keybindings.lua', 'profiles.lua'].map((n) => [
        `user/${n}`,
        uncommented(fs.readFileSync(path.join(STARTERS_DIR, n), 'utf8')),
      ]),
    );
    const t = await hubs.scripted({ files, agents: [{ command: 'cat' }] });
    await t.frame(/My hub[\s\S]*Agents: 1/);
    expect(t.hub.state.configError).toBeNull();
    expect(t.hub.config.profiles.map((p) => p.name)).toEqual(expect.arrayContaining(['opus', 'tests']));
    const keys = t.hub.inputCtl.bindingsFor('normal');
    expect(keys.find((b) => b.spec === 'W')?.desc).toBe('Jump to the next agent waiting for me');
    expect(keys.find((b) => b.spec === 'X')).toBeUndefined();
  });
});
