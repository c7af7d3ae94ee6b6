import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PluginAsks } from '../../src/plugins/plugin-asks.js';
import { writeLock } from '../../src/plugins/lock.js';
import { manifest } from '../support/plugin-source.js';

// What an agent asks for a plugin: checked, bounded, and a folder copied when asked (the agent can
// write its project, not the home: the copy is what the user is shown and may add).

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const tmp = (tag: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `botster-asks-${tag} `));
  dirs.push(d);
  return d;
};

function home(): string {
  const h = tmp('home');
  writeLock(h, {
    version: 1,
    plugins: {
      clock: {
        name: 'clock',
        kind: 'folder',
        source: '/x',
        version: '1.0.0',
        wants: ['pieces', 'send'],
        granted: ['pieces'],
        enabled: false,
      },
    },
  } as never);
  return h;
}

describe('an agent asks for a plugin', () => {
  it('a folder is copied when asked: later edits of it change nothing the user is shown', () => {
    const h = home();
    const dev = tmp('dev');
    fs.writeFileSync(path.join(dev, 'plugin.json'), manifest('mine', '0.1.0', ['pieces']));
    fs.writeFileSync(path.join(dev, 'init.lua'), '-- one\n');
    fs.mkdirSync(path.join(dev, '.git'));
    fs.writeFileSync(path.join(dev, '.git', 'HEAD'), 'x');
    const ask = new PluginAsks(h).prepare('2', 'add', { source: path.basename(dev), cwd: path.dirname(dev) });
    expect(ask).toMatchObject({ action: 'add', folder: fs.realpathSync(dev) });
    expect(ask.source!.startsWith(path.join(h, 'plugins', '.asked'))).toBe(true);
    fs.writeFileSync(path.join(dev, 'init.lua'), '-- changed by the agent\n');
    expect(fs.readFileSync(path.join(ask.source!, 'init.lua'), 'utf8')).toBe('-- one\n');
    expect(fs.existsSync(path.join(ask.source!, '.git'))).toBe(false);
  });

  it('a git URL or npm package is passed on, to be fetched only when the user looks', () => {
    const ask = new PluginAsks(home()).prepare('2', 'add', { source: 'github:someone/clock' });
    expect(ask).toMatchObject({ action: 'add', source: 'github:someone/clock' });
    expect(ask.folder).toBeUndefined();
  });

  it('grant and enable name a plugin and what it asks for and lacks; anything else is refused', () => {
    const asks = new PluginAsks(home());
    expect(asks.prepare('2', 'grant', { name: 'clock', caps: 'send' })).toMatchObject({
      action: 'grant',
      name: 'clock',
      caps: ['send'],
    });
    expect(asks.prepare('3', 'enable', { name: 'clock' })).toMatchObject({ action: 'enable', name: 'clock' });
    expect(() => asks.prepare('4', 'grant', { name: 'clock', caps: 'pieces' })).toThrow(
      'clock has pieces already',
    );
    expect(() => asks.prepare('4', 'grant', { name: 'clock', caps: 'spawn' })).toThrow(
      'clock does not ask for spawn',
    );
    expect(() => asks.prepare('4', 'grant', { name: 'nope', caps: 'send' })).toThrow('no plugin named nope');
    expect(() => asks.prepare('4', 'update', { name: 'clock' })).toThrow(/only to add, grant or enable/);
  });

  it('three asks a minute per agent; a folder too big is refused', () => {
    let now = 0;
    const h = home();
    const asks = new PluginAsks(h, () => now);
    for (let i = 0; i < 3; i++) asks.prepare('2', 'add', { source: 'npm:x' });
    expect(() => asks.prepare('2', 'add', { source: 'npm:x' })).toThrow(/3 times within a minute/);
    asks.prepare('5', 'add', { source: 'npm:x' }); // another agent's own
    now = 61_000;
    asks.prepare('2', 'add', { source: 'npm:x' });
    const big = tmp('big');
    for (let i = 0; i < 501; i++) fs.writeFileSync(path.join(big, `f${i}.lua`), '');
    expect(() => asks.prepare('6', 'add', { source: big })).toThrow(/too big for a plugin/);
    const loop = tmp('loop');
    fs.symlinkSync(loop, path.join(loop, 'again'));
    expect(() => asks.prepare('7', 'add', { source: loop })).toThrow(/more than 12 deep/);
    expect(fs.readdirSync(path.join(h, 'plugins', '.asked'))).toEqual([]);
  });
});
