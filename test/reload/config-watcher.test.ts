import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigWatcher } from '../../src/reload/config-watcher.js';
import { configWatchRoots, isEditorJunk } from '../../src/reload/watch-roots.js';
import { sleep, until } from '../wait.js';

// The watcher on real folders with real chokidar, without a hub: what it reports and what not.

let watchers: ConfigWatcher[] = [];
afterEach(async () => {
  await Promise.all(watchers.map((w) => w.dispose()));
  watchers = [];
});

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** A home and an installed package, both under dot-folders as on a user's machine. */
function machine(): { home: string; pkg: string; layoutFile: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-watch-'));
  const home = path.join(base, '.botster');
  const pkg = path.join(base, '.nvm/versions/node/v20/lib/node_modules/botster-tui');
  const layoutFile = path.join(base, '.config/botster/layout.lua');
  write(path.join(home, 'user/layout.lua'), '-- v0');
  write(path.join(home, 'improvements/.history/x/v1.lua'), '-- v1');
  write(path.join(home, 'logs/hub.log'), '');
  write(path.join(pkg, 'lua/core/ui.lua'), '-- ui');
  write(path.join(pkg, 'keybindings/normal.lua'), '-- normal');
  write(layoutFile, '-- mine');
  write(path.join(base, '.config/botster/other.lua'), '-- not mine');
  return { home, pkg, layoutFile };
}

/** Paths below `dir`. */
const under = (dir: string, ...rels: string[]) => rels.map((r) => path.join(dir, r));

async function watching(m: ReturnType<typeof machine>): Promise<{ reported: Set<string> }> {
  const reported = new Set<string>();
  const w = new ConfigWatcher(configWatchRoots({ home: m.home, layoutFile: m.layoutFile, packageRoot: m.pkg }), async (ev) => {
    for (const p of ev.paths) reported.add(p);
  });
  watchers.push(w);
  await w.ready();
  return { reported };
}

describe('ConfigWatcher with every root under a dot-folder', () => {
  it('reports saves in the home, the shipped lua/ and keybindings/ under ~/.nvm, and the --layout file', async () => {
    const m = machine();
    const { reported } = await watching(m);
    const files = [
      ...under(m.home, 'user/layout.lua', 'user/lib/helpers.lua', 'improvements/dropped.lua'),
      ...under(m.pkg, 'lua/core/ui.lua', 'keybindings/normal.lua'),
      m.layoutFile,
    ];
    for (const f of files) write(f, '-- saved');
    await until(`all of ${files.join(', ')} reported; got ${[...reported].join(', ')}`, () => files.every((f) => reported.has(f)));
  });

  it('ignores only what is not configuration: history, dropped, logs, swap and backup files, other files next to --layout', async () => {
    const m = machine();
    const { reported } = await watching(m);
    const noise = [
      ...under(
        m.home,
        'improvements/.history/x/v2.lua',
        'improvements/.dropped/y-1.lua',
        'logs/hub.log',
        'state/demo.json',
        'user/.layout.lua.swp',
        'user/.layout.lua.swx',
        'user/layout.lua~',
        'user/4913',
        'user/.#layout.lua',
        'user/#layout.lua#',
        'user/notes.txt',
      ),
      path.join(path.dirname(m.layoutFile), 'other.lua'),
    ];
    for (const f of noise) write(f, 'x');
    const marker = path.join(m.home, 'user/keybindings.lua');
    await sleep(100);
    write(marker, '-- the last write');
    await until('the marker save', () => reported.has(marker));
    await sleep(150);
    expect([...reported]).toEqual([marker]);
  });

  it('isEditorJunk knows the usual editors', () => {
    for (const n of ['.layout.lua.swp', '.layout.lua.swx', 'layout.lua~', '4913', '.#layout.lua', '#layout.lua#', '.history', '.dropped']) expect(isEditorJunk(n), n).toBe(true);
    for (const n of ['layout.lua', 'user', 'improvements', 'my-swap.lua', 'init.lua']) expect(isEditorJunk(n), n).toBe(false);
  });
});

describe('a file written and removed at once', () => {
  it('is reported after its removal too (chokidar loses an add whose file is gone before it looked)', async () => {
    // An accepted improvement is written by the hub and loaded at once; a user may delete it
    // right away. The hub loaded it, so the removal must reach it even when chokidar never
    // reported the file at all.
    const m = machine();
    const gone = new Set<string>(); // files reported while they no longer existed
    const w = new ConfigWatcher(configWatchRoots({ home: m.home, layoutFile: m.layoutFile, packageRoot: m.pkg }), async (ev) => {
      for (const p of ev.paths) if (!fs.existsSync(p)) gone.add(p);
    });
    watchers.push(w);
    await w.ready();
    for (let i = 0; i < 20; i++) {
      const f = path.join(m.home, `improvements/quick${i}.lua`);
      fs.writeFileSync(f, `-- ${i}`);
      w.loaded([f]); // as the hub does when it reloads with a file it wrote itself
      fs.unlinkSync(f);
      await until(`removal of quick${i}.lua reported`, () => gone.has(f));
    }
  });
});
