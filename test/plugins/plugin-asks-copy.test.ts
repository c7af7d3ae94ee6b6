import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFolder } from '../../src/plugins/plugin-asks.js';

// The folder an agent offers as a plugin is copied by the hub, which reads as you: a link in it is
// followed only where it stays inside the folder. A link out (to a key the agent's box hides) is
// refused, and nothing is copied.

function offered(): { dir: string; into: string; secret: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin copy '));
  const dir = path.join(base, 'offered');
  fs.mkdirSync(path.join(dir, 'lua'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'init.lua'), 'return {}\n');
  fs.writeFileSync(path.join(dir, 'lua', 'a.lua'), '-- a\n');
  const secret = path.join(base, 'id_rsa');
  fs.writeFileSync(secret, 'SECRET-KEY\n');
  return { dir, into: path.join(base, 'copy'), secret };
}

describe('copying a folder an agent offers', () => {
  it('follows a link that stays inside it', () => {
    const o = offered();
    fs.symlinkSync(path.join(o.dir, 'lua', 'a.lua'), path.join(o.dir, 'b.lua'));
    copyFolder(o.dir, o.into);
    expect(fs.readFileSync(path.join(o.into, 'b.lua'), 'utf8')).toBe('-- a\n');
    expect(fs.lstatSync(path.join(o.into, 'b.lua')).isSymbolicLink()).toBe(false);
  });

  it('refuses a link out of it, a file or a folder, and names it', () => {
    for (const target of ['file', 'folder'] as const) {
      const o = offered();
      fs.symlinkSync(target === 'file' ? o.secret : path.dirname(o.secret), path.join(o.dir, 'key'));
      expect(() => copyFolder(o.dir, o.into)).toThrow(
        /key is a link out of the folder \(to .*\): nothing was asked/,
      );
      const copied = fs.existsSync(o.into) ? fs.readdirSync(o.into, { recursive: true }).map(String) : [];
      for (const f of copied)
        if (fs.statSync(path.join(o.into, f)).isFile())
          expect(fs.readFileSync(path.join(o.into, f), 'utf8')).not.toContain('SECRET-KEY');
    }
  });
});
