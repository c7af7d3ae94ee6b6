import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigWatcher, RARE_EVERY } from '../../src/reload/config-watcher.js';
import { configWatchRoots, isEditorJunk } from '../../src/reload/watch-roots.js';
import { sleep, until } from '../support/wait.js';

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
  const w = new ConfigWatcher(
    configWatchRoots({ home: m.home, layoutFile: m.layoutFile, packageRoot: m.pkg }),
    async (ev) => {
      for (const p of ev.paths) reported.add(p);
    },
  );
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
    await until(`all of ${files.join(', ')} reported; got ${[...reported].join(', ')}`, () =>
      files.every((f) => reported.has(f)),
    );
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
    for (const n of [
      '.layout.lua.swp',
      '.layout.lua.swx',
      'layout.lua~',
      '4913',
      '.#layout.lua',
      '#layout.lua#',
      '.history',
      '.dropped',
    ])
      expect(isEditorJunk(n), n).toBe(true);
    for (const n of ['layout.lua', 'user', 'improvements', 'my-swap.lua', 'init.lua'])
      expect(isEditorJunk(n), n).toBe(false);
  });
});

describe('a file written and removed at once', () => {
  it('is reported after its removal too (chokidar loses an add whose file is gone before it looked)', async () => {
    // An accepted improvement is written by the hub and loaded at once; a user may delete it
    // right away. The hub loaded it, so the removal must reach it even when chokidar never
    // reported the file at all.
    const m = machine();
    const gone = new Set<string>(); // files reported while they no longer existed
    const w = new ConfigWatcher(
      configWatchRoots({ home: m.home, layoutFile: m.layoutFile, packageRoot: m.pkg }),
      async (ev) => {
        for (const p of ev.paths) if (!fs.existsSync(p)) gone.add(p);
      },
    );
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

  it('is not reported again as the hub loaded it (one reload a push), while a later write and its removal are', async () => {
    const m = machine();
    const reported: string[] = [];
    const w = new ConfigWatcher(
      configWatchRoots({ home: m.home, layoutFile: m.layoutFile, packageRoot: m.pkg }),
      async (ev) => {
        reported.push(...ev.paths);
      },
    );
    watchers.push(w);
    const known = path.join(m.home, 'improvements/known.lua');
    write(known, '-- v1');
    await w.ready();
    const fresh = path.join(m.home, 'improvements/fresh.lua');
    // The hub writes a new version of one it knew, and a new one, and reloads with them at once.
    for (const f of [known, fresh]) write(f, '-- pushed');
    w.loaded([known, fresh]);
    const marker = path.join(m.home, 'user/keybindings.lua');
    await sleep(300);
    write(marker, '-- the last write');
    await until('the marker save', () => reported.includes(marker));
    expect(reported).toEqual([marker]);
    // What comes after is a change: a user's edit, then the removal.
    write(fresh, '-- edited by hand');
    await until('the edit', () => reported.includes(fresh));
    fs.unlinkSync(fresh);
    await until('the removal', () => reported.filter((p) => p === fresh).length === 2);
  });
});

/**
 * Issue 25 item 1: layout.lua turned into a folder and back five times (saved at once each time),
 * then saved by rename, then in place, then quiet: chokidar's bookkeeping for that path was left
 * believing it is a folder, and every later save went unseen until a restart.
 */
async function flipFolderRenameInPlace(file: string, round: number): Promise<void> {
  for (let i = 0; i < 5; i++) {
    fs.rmSync(file, { recursive: true, force: true });
    fs.mkdirSync(file);
    await sleep(20 * (i % 3));
    fs.rmdirSync(file);
    fs.writeFileSync(file, `-- round ${round} back ${i}`);
    await sleep(20 * ((i + 1) % 3));
  }
  const tmp = path.join(path.dirname(file), 'tmp');
  fs.writeFileSync(tmp, `-- round ${round} renamed`);
  fs.renameSync(tmp, file);
  await sleep(30);
  fs.writeFileSync(file, `-- round ${round} in place`);
}

describe('a file that became a folder and back, then saved by rename and in place', () => {
  it.each([
    ['by its events alone (no periodic check)', { checkMs: 0 }],
    ['with the periodic check on', {}],
  ])(
    'later saves are seen %s',
    async (_name, opts) => {
      const m = machine();
      const file = path.join(m.home, 'user/layout.lua');
      const contents: string[] = []; // what the callback read, in order
      const w = new ConfigWatcher(
        configWatchRoots({ home: m.home, layoutFile: m.layoutFile, packageRoot: m.pkg }),
        async (ev) => {
          for (const p of ev.paths)
            if (p === file)
              contents.push(
                fs.statSync(file, { throwIfNoEntry: false })?.isFile() ? fs.readFileSync(file, 'utf8') : '',
              );
        },
        2,
        opts,
      );
      watchers.push(w);
      await w.ready();
      for (let round = 0; round < 3; round++) {
        await flipFolderRenameInPlace(file, round);
        await until(`round ${round}: the in-place save`, () =>
          contents.includes(`-- round ${round} in place`),
        );
        await sleep(1200); // quiet, longer than the periodic check's period
        for (let i = 0; i < 3; i++) {
          fs.writeFileSync(file, `-- round ${round} later ${i}`);
          await until(
            `round ${round}: later save ${i} (last read: ${contents.at(-1)})`,
            () => contents.at(-1) === `-- round ${round} later ${i}`,
            5000,
          );
        }
      }
    },
    60000,
  );
});

describe('the safety net', () => {
  it("the --layout file's folder replaced (nothing watches its parent): the save is found and later saves are seen", async () => {
    const m = machine();
    const reported: string[] = [];
    const w = new ConfigWatcher(
      configWatchRoots({ home: m.home, layoutFile: m.layoutFile, packageRoot: m.pkg }),
      async (ev) => {
        for (const p of ev.paths) reported.push(fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : '');
      },
    );
    watchers.push(w);
    await w.ready();
    const dir = path.dirname(m.layoutFile);
    fs.renameSync(dir, `${dir}.old`);
    fs.mkdirSync(dir);
    fs.writeFileSync(m.layoutFile, '-- in the new folder');
    await until('the save in the new folder', () => reported.includes('-- in the new folder'), 5000);
    for (let i = 0; i < 3; i++) {
      fs.writeFileSync(m.layoutFile, `-- then ${i}`);
      await until(`save ${i}`, () => reported.at(-1) === `-- then ${i}`, 5000);
    }
  });

  it('an idle watcher neither reports nor re-arms anything', async () => {
    const m = machine();
    const reported: string[] = [];
    const w = new ConfigWatcher(
      configWatchRoots({ home: m.home, layoutFile: m.layoutFile, packageRoot: m.pkg }),
      async (ev) => {
        reported.push(...ev.paths);
      },
      2,
      { checkMs: 50 },
    );
    watchers.push(w);
    await w.ready();
    await sleep(400);
    expect({ reported, rearms: w.rearmCount, rescues: w.rescueCount }).toEqual({
      reported: [],
      rearms: 0,
      rescues: 0,
    });
  });

  it('an idle watcher looks less and less often; an event or poke() brings the period back', async () => {
    const m = machine();
    const w = new ConfigWatcher(
      configWatchRoots({ home: m.home, layoutFile: m.layoutFile, packageRoot: m.pkg }),
      async () => {},
      2,
      { checkMs: 20, maxCheckMs: 160, activeMs: 300 },
    );
    watchers.push(w);
    await w.ready();
    expect(w.checkPeriod).toBe(20);
    await until('the period grew to its longest', () => w.checkPeriod === 160, 10000);
    w.poke(); // the user typed into the hub
    expect(w.checkPeriod).toBe(20);
    await until('idle again', () => w.checkPeriod === 160, 10000);
    fs.writeFileSync(path.join(m.home, 'user/layout.lua'), '-- saved');
    await until('the save brought the period back', () => w.checkPeriod === 20, 10000);
  });
});

describe("the safety net's work", () => {
  it('looks at the shipped lua/ and keybindings/ on one check in RARE_EVERY, at the home and --layout on every one', async () => {
    const m = machine();
    const w = new ConfigWatcher(
      configWatchRoots({ home: m.home, layoutFile: m.layoutFile, packageRoot: m.pkg }),
      async () => {},
      2,
      { checkMs: 0 }, // no timer: the checks below are the only ones
    );
    watchers.push(w);
    await w.ready();
    for (let i = 0; i < RARE_EVERY * 2; i++) w.check();
    // four roots: the home and the --layout folder every time, the two shipped ones twice
    expect(w.scanCount).toBe(RARE_EVERY * 2 * 2 + 2 * 2);
  });
});

describe('a configuration file deleted while the hub runs', () => {
  /** A watcher whose callback tells it what it loaded, as the hub's reload does. */
  async function asTheHub(m: ReturnType<typeof machine>): Promise<{ w: ConfigWatcher; reports: string[] }> {
    const reports: string[] = [];
    const w = new ConfigWatcher(
      configWatchRoots({ home: m.home, layoutFile: m.layoutFile, packageRoot: m.pkg }),
      async (ev) => {
        reports.push(...ev.paths);
        w.loaded(ev.paths);
      },
      2,
      { checkMs: 50 },
    );
    watchers.push(w);
    await w.ready();
    return { w, reports };
  }

  const count = (list: string[], file: string) => list.filter((p) => p === file).length;

  it.each([['layout.lua'], ['keybindings.lua'], ['hooks.lua']])(
    'user/%s: reported once, then quiet (no reload every check), and its re-creation is seen',
    async (name) => {
      const m = machine();
      const file = path.join(m.home, 'user', name);
      write(file, '-- mine');
      const { w, reports } = await asTheHub(m);
      fs.unlinkSync(file);
      await until(`the removal of ${name}`, () => count(reports, file) === 1);
      await sleep(800); // sixteen checks
      expect({ reports: count(reports, file), rescues: w.rescueCount }).toEqual({ reports: 1, rescues: 0 });
      write(file, '-- again');
      await until(`the re-created ${name}`, () => count(reports, file) === 2);
    },
  );

  it('the whole user/ folder: each file reported once, then quiet', async () => {
    const m = machine();
    const files = under(m.home, 'user/layout.lua', 'user/keybindings.lua', 'user/lib/helpers.lua');
    for (const f of files) write(f, '-- mine');
    const { w, reports } = await asTheHub(m);
    fs.rmSync(path.join(m.home, 'user'), { recursive: true });
    await until(`the removal of ${files.join(', ')}`, () => files.every((f) => count(reports, f) === 1));
    await sleep(800);
    expect({ reports: files.map((f) => count(reports, f)), rescues: w.rescueCount }).toEqual({
      reports: [1, 1, 1],
      rescues: 0,
    });
    write(files[0], '-- again');
    await until('the re-created layout.lua', () => count(reports, files[0]) === 2);
  });

  it("a symlinked user file whose target is deleted: reported once, then quiet; the target's return is seen", async () => {
    const m = machine();
    const target = path.join(path.dirname(m.home), 'dotfiles/layout.lua');
    write(target, '-- in my dotfiles');
    const link = path.join(m.home, 'user/layout.lua');
    fs.rmSync(link);
    fs.symlinkSync(target, link);
    const { w, reports } = await asTheHub(m);
    fs.unlinkSync(target);
    await until('the dangling link', () => count(reports, link) === 1, 5000);
    await sleep(800);
    expect({ reports: count(reports, link), rescues: w.rescueCount }).toEqual({ reports: 1, rescues: 0 });
    write(target, '-- back');
    await until('the target back', () => count(reports, link) === 2, 5000);
  });
});
