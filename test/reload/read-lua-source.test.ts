import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readLuaSource } from '../../src/reload/read-lua-source.js';
import { runCheck } from '../../src/cli/run-tools.js';

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'botster-read-'));

describe('readLuaSource', () => {
  it('reads a regular file (also through a symlink) and drops a UTF-8 BOM, as Lua does', () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'a.lua'), '\uFEFFreturn 1');
    fs.symlinkSync(path.join(d, 'a.lua'), path.join(d, 'link.lua'));
    expect(readLuaSource(path.join(d, 'a.lua'))).toBe('return 1');
    expect(readLuaSource(path.join(d, 'link.lua'))).toBe('return 1');
    fs.writeFileSync(path.join(d, 'b.lua'), 'x = "\uFEFF"');
    expect(readLuaSource(path.join(d, 'b.lua'))).toBe('x = "\uFEFF"'); // only at the start
  });

  it('refuses a FIFO, a device, a socket and a folder without blocking, naming the file', async () => {
    const d = dir();
    execFileSync('mkfifo', [path.join(d, 'fifo.lua')]);
    fs.symlinkSync('/dev/zero', path.join(d, 'zero.lua'));
    fs.mkdirSync(path.join(d, 'folder.lua'));
    const server = net.createServer().listen(path.join(d, 'sock.lua'));
    await new Promise((r) => server.once('listening', r));
    try {
      expect(() => readLuaSource(path.join(d, 'fifo.lua'), 'user/fifo.lua')).toThrow(
        'user/fifo.lua: not a regular file (a FIFO)',
      );
      expect(() => readLuaSource(path.join(d, 'zero.lua'), 'user/zero.lua')).toThrow(
        'user/zero.lua: not a regular file (a character device)',
      );
      expect(() => readLuaSource(path.join(d, 'sock.lua'), 'user/sock.lua')).toThrow(
        'user/sock.lua: not a regular file (a socket)',
      );
      expect(() => readLuaSource(path.join(d, 'folder.lua'), 'user/folder.lua')).toThrow(
        'user/folder.lua: is a folder, not a Lua file',
      );
    } finally {
      server.close();
    }
  });

  it('a missing file is ENOENT, as callers expect', () => {
    expect(() => readLuaSource(path.join(dir(), 'none.lua'))).toThrow(
      expect.objectContaining({ code: 'ENOENT' }),
    );
  });

  it('botster-tui check on a FIFO reports it and exits 1 instead of hanging', async () => {
    const d = dir();
    const file = path.join(d, 'fifo.lua');
    execFileSync('mkfifo', [file]);
    // A reader that opened it would block until this writer comes (and then read nothing).
    const writer = spawn('sh', ['-c', 'sleep 3; : > "$1"', 'sh', file], { stdio: 'ignore' });
    try {
      const out: string[] = [];
      expect(await runCheck([file], path.join(d, '.botster'), (s) => out.push(s))).toBe(1);
      expect(out.join('\n')).toContain(`${file}: not a regular file (a FIFO)`);
    } finally {
      writer.kill('SIGKILL');
    }
  });
});
