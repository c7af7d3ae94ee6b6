import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempHome } from '../support/homes.js';
import { useHub } from '../support/use-hub.js';

// A notice is tied to the state it reports: "plugin X stays off" goes as soon as a configuration
// loads it (a grant, a fix), not when its ten seconds are up.

const hubs = useHub();

const lock = (granted: string[]) =>
  JSON.stringify({
    plugins: {
      dev: { kind: 'folder', source: '/dev', version: '0.1.0', wants: ['pieces'], granted, enabled: true },
    },
  });
const PIECE = 'layout.piece("status.left", "dev", function() return "DEV-OK" end)\n';

describe('notices of a configuration', () => {
  it('a plugin that stays off: fixed, its notice leaves the screen with the reload that loads it', async () => {
    const t = await hubs.scripted({
      files: {
        'plugins/lock.json': lock(['pieces']),
        'plugins/dev/plugin.json': JSON.stringify({
          name: 'dev',
          version: '0.1.0',
          capabilities: ['pieces'],
        }),
        'plugins/dev/init.lua': PIECE.replace(')\n', '\n'),
      },
    });
    await t.frame(/init\.lua:2: [\s\S]*\(plugin dev\s+stays off\)/);
    await t.save('plugins/dev/init.lua', PIECE);
    await t.frame(/DEV-OK/);
    expect(t.screen()).not.toMatch(/stays off/);
    expect(t.hub.state.notice).toBeNull();
  });

  it('granted what it lacked: "stays off" goes at once', async () => {
    const t = await hubs.scripted({
      files: {
        'plugins/lock.json': lock([]),
        'plugins/dev/plugin.json': JSON.stringify({
          name: 'dev',
          version: '0.1.0',
          capabilities: ['pieces'],
        }),
        'plugins/dev/init.lua': PIECE,
      },
    });
    await t.frame(/stays off/);
    await t.save('plugins/lock.json', lock(['pieces']));
    await t.frame(/DEV-OK/);
    expect(t.screen()).not.toMatch(/stays off/);
  });
});

// `plugin update` swaps the new copy in, then writes the lock: a reload between the two saw a copy
// the lock did not pin yet and flashed "not the version the lock pins" (with the path twice).
describe('a plugin being updated', () => {
  const gitLock = (commit: string) =>
    JSON.stringify({
      plugins: {
        dev: {
          kind: 'git',
          source: '/dev.git',
          commit,
          version: '0.1.0',
          wants: ['pieces'],
          granted: ['pieces'],
          enabled: true,
        },
      },
    });
  const copy = (dir: string, pin: string, text: string) => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'plugin.json'),
      JSON.stringify({ name: 'dev', version: '0.1.0', capabilities: ['pieces'] }),
    );
    fs.writeFileSync(path.join(dir, 'init.lua'), PIECE.replace('DEV-OK', text));
    fs.writeFileSync(path.join(dir, '.botster-pin'), pin + '\n');
  };

  it('a reload between the swap and the lock waits for the lock: no false notice', async () => {
    const home = tempHome({ 'plugins/lock.json': gitLock('aaa') });
    const live = path.join(home, 'plugins', 'dev');
    copy(live, 'aaa', 'DEV-ONE');
    const t = await hubs.scripted({ home });
    await t.frame(/DEV-ONE/);
    const told: string[] = [];
    const notify = t.hub.hubStore.notify.bind(t.hub.hubStore);
    t.hub.hubStore.notify = (text, level) => (told.push(text), notify(text, level));
    // What updatePlugin does: the new copy staged, swapped in, and the lock written after.
    const staged = path.join(home, 'plugins', '.staging', 'x');
    copy(staged, 'bbb', 'DEV-TWO');
    fs.renameSync(live, path.join(home, 'plugins', '.staging', 'old'));
    fs.renameSync(staged, live);
    const reloaded = t.hub.config.reload([live]);
    await new Promise((r) => setTimeout(r, 30));
    fs.writeFileSync(path.join(home, 'plugins', 'lock.json'), gitLock('bbb'));
    await reloaded;
    await t.hub.config.reload([path.join(home, 'plugins', 'lock.json')]); // as the watcher would
    await t.frame(/DEV-TWO/);
    expect(told.filter((x) => /not the version/.test(x))).toEqual([]);
  });

  it('a copy the lock does not pin (edited lock): told once, with its path once', async () => {
    const home = tempHome({ 'plugins/lock.json': gitLock('ccc') });
    copy(path.join(home, 'plugins', 'dev'), 'aaa', 'DEV-ONE');
    const old = Date.now;
    try {
      const later = old() + 60_000; // the copy was swapped in long ago
      Date.now = () => later;
      const t = await hubs.scripted({ home });
      const text = await t.frame(/not the version/);
      expect(t.hub.state.notice?.text).toMatch(
        /^~?[^ ]*plugins\/dev: not the version the lock pins \(0\.1\.0 @ ccc; botster-tui plugin restore dev\) \(plugin dev stays off\)$/,
      );
      expect(text).not.toMatch(/plugins\/dev: [^ ]*plugins\/dev:/);
    } finally {
      Date.now = old;
    }
  });
});
