import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app/hub.js';
import { realHome, sleep, waitForFrame, type HomeKind } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';

// What must never happen (docs/architecture.md): the file system never stalls the hub or stops reloads; the last content written is live.

const hubs = useHub();
let writers: ChildProcess[] = [];
afterEach(() => {
  for (const w of writers) w.kill('SIGKILL');
  writers = [];
});

/**
 * A FIFO at `file`. A reader that opens it blocks until a writer comes: one comes after 3 s and
 * writes nothing, so a hub that reads it fails this test instead of hanging the test run. The
 * writer itself can only finish if someone opened the FIFO to read: `wasRead()` tells.
 */
function fifo(file: string): { wasRead: () => Promise<boolean> } {
  execFileSync('mkfifo', [file]);
  const writer = spawn('sh', ['-c', 'sleep 3; : > "$1"', 'sh', file], { stdio: 'ignore' });
  const done = new Promise<boolean>((r) => writer.once('exit', () => r(true)));
  writers.push(writer);
  return {
    wasRead: async () => {
      const read = await Promise.race([done, sleep(3500).then(() => false)]);
      writer.kill('SIGKILL'); // so it never creates a plain file at that path later
      return read;
    },
  };
}

const layout = (text: string) => `function App:render()
  return ui.column({ ui.text(${JSON.stringify(text)}), ui.panel({ grow = 1 }, ui.terminal(self.focused)) })
end
`;

async function watched(
  kind: HomeKind,
  files: Record<string, string>,
): Promise<{ hub: Hub; home: string; user: string }> {
  const home = realHome(kind, files);
  const hub = await hubs.real({ home, agents: [{ command: 'cat' }] });
  await hub.config.watch();
  return { hub, home, user: path.join(home, 'user') };
}

describe('the watcher never goes deaf', () => {
  it('the user folder deleted, then re-created later: saves are seen again', async () => {
    const { hub, user } = await watched('dot-folder', { 'user/layout.lua': layout('FIRST') });
    await waitForFrame(hub, /FIRST/);
    fs.rmSync(user, { recursive: true });
    await waitForFrame(hub, /Botster Hub/); // no user layout: the default
    await sleep(150);
    fs.mkdirSync(user);
    fs.writeFileSync(path.join(user, 'layout.lua'), layout('RECREATED'));
    await waitForFrame(hub, /RECREATED/);
    fs.writeFileSync(path.join(user, 'layout.lua'), layout('SAVED AFTER'));
    await waitForFrame(hub, /SAVED AFTER/);
  });

  it('rm -rf user && mkdir user at once (a script resetting the folder): later saves are seen', async () => {
    const { hub, user } = await watched('dot-folder', { 'user/layout.lua': layout('BEFORE RESET') });
    await waitForFrame(hub, /BEFORE RESET/);
    fs.rmSync(user, { recursive: true });
    fs.mkdirSync(user);
    await sleep(150);
    for (let i = 1; i <= 3; i++) {
      fs.writeFileSync(path.join(user, 'layout.lua'), layout(`RESET SAVE ${i}`));
      await waitForFrame(hub, new RegExp(`RESET SAVE ${i}`));
      await sleep(100);
    }
  });

  it('the user folder moved away and a new one made at once (a restore from backup)', async () => {
    const { hub, home, user } = await watched('symlinked', { 'user/layout.lua': layout('ORIGINAL') });
    await waitForFrame(hub, /ORIGINAL/);
    fs.renameSync(user, path.join(home, 'user.old'));
    fs.mkdirSync(user);
    await sleep(150);
    fs.writeFileSync(path.join(user, 'layout.lua'), layout('NEW FOLDER'));
    await waitForFrame(hub, /NEW FOLDER/);
    for (let i = 1; i <= 3; i++) {
      await sleep(100);
      fs.writeFileSync(path.join(user, 'layout.lua'), layout(`NEW SAVE ${i}`));
      await waitForFrame(hub, new RegExp(`NEW SAVE ${i}`));
    }
  });

  it('an empty user folder swapped for another one', async () => {
    const { hub, home, user } = await watched('spaces', {});
    await waitForFrame(hub, /Botster Hub/);
    fs.renameSync(user, path.join(home, 'user.old'));
    fs.mkdirSync(user);
    await sleep(150);
    fs.writeFileSync(path.join(user, 'layout.lua'), layout('IN THE NEW FOLDER'));
    await waitForFrame(hub, /IN THE NEW FOLDER/);
  });

  it('layout.lua becomes a folder (an error naming it), then a file again: later saves are live', async () => {
    const { hub, user } = await watched('dot-folder', { 'user/layout.lua': layout('AS A FILE') });
    await waitForFrame(hub, /AS A FILE/);
    const file = path.join(user, 'layout.lua');
    fs.rmSync(file);
    fs.mkdirSync(file);
    fs.writeFileSync(path.join(file, 'inner.lua'), '-- not configuration');
    let frame = await waitForFrame(hub, /layout\.lua: .*folder/);
    expect(frame).toContain('AS A FILE'); // the last good layout stays
    await sleep(100);
    fs.rmSync(file, { recursive: true });
    fs.writeFileSync(file, layout('FILE AGAIN'));
    frame = await waitForFrame(hub, /FILE AGAIN/);
    expect(frame).not.toMatch(/layout\.lua: /);
    for (let i = 1; i <= 3; i++) {
      await sleep(100);
      fs.writeFileSync(file, layout(`AND SAVED ${i}`));
      await waitForFrame(hub, new RegExp(`AND SAVED ${i}`));
    }
  });
  it('layout.lua a folder and back five times, saved by rename, then in place, then quiet: later saves are seen (issue 25)', async () => {
    // chokidar was left believing layout.lua is a folder: every later save went unseen until a restart.
    const { hub, user } = await watched('dot-folder', { 'user/layout.lua': layout('START') });
    await waitForFrame(hub, /START/);
    const file = path.join(user, 'layout.lua');
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 5; i++) {
        fs.rmSync(file, { recursive: true, force: true });
        fs.mkdirSync(file);
        await sleep(50); // long enough for the watcher to see the folder
        fs.rmdirSync(file);
        fs.writeFileSync(file, layout(`R${round} BACK ${i}`));
        await sleep(50);
      }
      fs.writeFileSync(path.join(user, 'tmp'), layout(`R${round} RENAMED`));
      fs.renameSync(path.join(user, 'tmp'), file);
      await sleep(30);
      fs.writeFileSync(file, layout(`R${round} IN PLACE`));
      await waitForFrame(hub, new RegExp(`R${round} IN PLACE`));
      await sleep(2000); // the quiet after which saves were lost
      for (let i = 0; i < 3; i++) {
        fs.writeFileSync(file, layout(`R${round} LATER ${i}`));
        await waitForFrame(hub, new RegExp(`R${round} LATER ${i}`), 5000);
      }
    }
  }, 60000);
});

describe('files that are not regular files', () => {
  it('a FIFO at user/layout.lua is an error naming the file, never a hang; a real file there goes live', async () => {
    const { hub, user } = await watched('dot-folder', { 'user/layout.lua': layout('BEFORE FIFO') });
    await waitForFrame(hub, /BEFORE FIFO/);
    const file = path.join(user, 'layout.lua');
    fs.rmSync(file);
    const pipe = fifo(file);
    let frame = await waitForFrame(hub, /layout\.lua: not a regular file\s*\(a\s*FIFO\)/);
    expect(frame).toContain('BEFORE FIFO');
    hub.input('still typing\r'); // the main thread is free
    await waitForFrame(hub, /still typing[^\n]*\n[^\n]*still typing/);
    expect(await pipe.wasRead()).toBe(false);
    fs.rmSync(file);
    fs.writeFileSync(file, layout('AFTER FIFO'));
    frame = await waitForFrame(hub, /AFTER FIFO/);
    expect(frame).not.toMatch(/FIFO\)/);
  });

  it('a FIFO dropped into improvements/ does not hang the hub', async () => {
    const { hub, home } = await watched('dot-folder', {});
    const pipe = fifo(path.join(home, 'improvements/pipe.lua'));
    fs.writeFileSync(
      path.join(home, 'improvements/after.lua'),
      'keys.bind("normal", "z", "agent.next", { desc = "after the pipe" })',
    );
    const end = Date.now() + 8000;
    while (!hub.bindings.some((b) => b.spec === 'z' && b.desc === 'after the pipe') && Date.now() < end)
      await sleep(30);
    expect(hub.bindings.some((b) => b.spec === 'z' && b.desc === 'after the pipe')).toBe(true);
    hub.input('typed\r');
    await waitForFrame(hub, /typed[^\n]*\n[^\n]*typed/);
    expect(await pipe.wasRead()).toBe(false);
  });

  it('a UTF-8 BOM at the start of a Lua file is skipped, as Lua itself does', async () => {
    const { hub, user } = await watched('dot-folder', { 'user/layout.lua': '\uFEFF' + layout('WITH A BOM') });
    await waitForFrame(hub, /WITH A BOM/);
    fs.writeFileSync(
      path.join(user, 'keybindings.lua'),
      '\uFEFFkeys.bind("normal", "h", "agent.next", { desc = "bom" })',
    );
    const end = Date.now() + 8000;
    while (!hub.bindings.some((b) => b.spec === 'h' && b.desc === 'bom') && Date.now() < end) await sleep(30);
    expect(hub.bindings.some((b) => b.spec === 'h' && b.desc === 'bom')).toBe(true);
    expect(hub.screen().toText()).not.toMatch(/unexpected symbol/);
  });
});
