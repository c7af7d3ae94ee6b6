import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { LuaEngine } from '../../../src/lua/engine/index.js';
import { ChunkCache, chunkCache } from '../../../src/lua/engine/chunk-cache.js';
import { caught } from '../../support/lua-caught.js';

let engine: LuaEngine;
let dir: string;
beforeEach(async () => {
  engine = await LuaEngine.create();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chunk-cache-'));
});
afterEach(() => {
  engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const SOURCE = `local t = {}
function t.twice(x) return x * 2 end
if fail then error("boom") end
return t.twice(21), debug and debug.getinfo and debug.getinfo(1, "S").source`;

describe('the bytecode of chunks compiled before', () => {
  test('a chunk loaded again comes from its bytecode and runs, and fails, exactly as from its text', () => {
    const name = `cached-${Math.random()}.lua`;
    const key = chunkCache.key(SOURCE, '@' + name);
    expect(chunkCache.get(key)).toBeUndefined();
    const first = engine.run(SOURCE, name);
    expect(chunkCache.get(key)).toBeInstanceOf(Uint8Array);
    expect(engine.run(SOURCE, name)).toEqual(first);
    expect(first[0]).toBe(42);
    engine.run('fail = true', 'set.lua');
    // Line numbers and the chunk's name survive the bytecode.
    expect(caught(() => engine.run(SOURCE, name)).message).toBe(`${name}:3: boom`);
  });

  test('the same text under another name is another chunk (the name is in the bytecode)', () => {
    engine.run('fail = true', 'set.lua');
    expect(caught(() => engine.run(SOURCE, 'a.lua')).message).toBe('a.lua:3: boom');
    expect(caught(() => engine.run(SOURCE, 'b.lua')).message).toBe('b.lua:3: boom');
  });

  test('a syntax error is not cached and reads the same every time', () => {
    const a = caught(() => engine.run('x = = 1', 'bad.lua'));
    const b = caught(() => engine.run('x = = 1', 'bad.lua'));
    expect([a.message, a.kind]).toEqual([b.message, b.kind]);
    expect(a.kind).toBe('syntax');
    expect(chunkCache.get(chunkCache.key('x = = 1', '@bad.lua'))).toBeUndefined();
  });

  test('on disk: what a process used is saved, and the next one loads it; a damaged file is ignored', () => {
    const code = new Uint8Array([1, 2, 3, 250]);
    const one = new ChunkCache();
    one.useDisk(dir, 'wasmoon-test');
    one.set(one.key('return 1', '@a.lua'), code);
    one.save();
    const file = path.join(dir, 'lua-chunks-wasmoon-test.bin');
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');

    const two = new ChunkCache();
    two.useDisk(dir, 'wasmoon-test');
    expect(two.get(two.key('return 1', '@a.lua'))).toEqual(code);
    // Another Lua build has a file of its own.
    const other = new ChunkCache();
    other.useDisk(dir, 'wasmoon-other');
    expect(other.get(other.key('return 1', '@a.lua'))).toBeUndefined();

    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 1] ^= 0xff;
    fs.writeFileSync(file, bytes);
    const three = new ChunkCache();
    three.useDisk(dir, 'wasmoon-test');
    expect(three.get(three.key('return 1', '@a.lua'))).toBeUndefined();
  });

  test("each install (place) has a file of its own: two builds of the shipped Lua do not drop each other's", () => {
    const code = (n: number) => new Uint8Array([n]);
    const a = new ChunkCache();
    a.useDisk(dir, 'placed', '/opt/botster-a');
    a.set('a-chunk', code(1));
    a.save();
    const b = new ChunkCache();
    b.useDisk(dir, 'placed', '/opt/botster-b');
    b.set('b-chunk', code(2));
    b.save();
    const againA = new ChunkCache();
    againA.useDisk(dir, 'placed', '/opt/botster-a');
    expect(againA.get('a-chunk')).toEqual(code(1));
    expect(againA.get('b-chunk')).toBeUndefined();
    const againB = new ChunkCache();
    againB.useDisk(dir, 'placed', '/opt/botster-b');
    expect(againB.get('b-chunk')).toEqual(code(2));
  });

  test("a save drops other places' files not written for a month, the one named before places were among them", () => {
    const longAgo = new Date(Date.now() - 40 * 24 * 3600 * 1000);
    const legacy = path.join(dir, 'lua-chunks-aging.bin');
    fs.writeFileSync(legacy, 'x');
    const gone = new ChunkCache();
    gone.useDisk(dir, 'aging', '/opt/gone');
    gone.set('k', new Uint8Array([1]));
    gone.save();
    // (an older install still writes the file named before places were: kept while it is in use)
    expect(fs.existsSync(legacy)).toBe(true);
    const goneFile = fs.readdirSync(dir).find((n) => n.startsWith('lua-chunks-aging-'))!;
    fs.utimesSync(path.join(dir, goneFile), longAgo, longAgo);
    fs.utimesSync(legacy, longAgo, longAgo);
    const recent = new ChunkCache();
    recent.useDisk(dir, 'aging', '/opt/recent');
    recent.set('k', new Uint8Array([2]));
    recent.save();
    const left = fs.readdirSync(dir).filter((n) => n.startsWith('lua-chunks-aging'));
    expect(left).toHaveLength(1);
    expect(left[0]).not.toBe(goneFile);
    expect(fs.existsSync(legacy)).toBe(false);
  });

  test('a save keeps only the chunks this process used', () => {
    const one = new ChunkCache();
    one.useDisk(dir, 'x');
    one.set('old', new Uint8Array([1]));
    one.set('kept', new Uint8Array([2]));
    one.save();
    const two = new ChunkCache();
    two.useDisk(dir, 'x');
    expect(two.get('kept')).toEqual(new Uint8Array([2]));
    two.set('new', new Uint8Array([3]));
    two.save();
    const three = new ChunkCache();
    three.useDisk(dir, 'x');
    expect(three.get('old')).toBeUndefined();
    expect(three.get('kept')).toEqual(new Uint8Array([2]));
    expect(three.get('new')).toEqual(new Uint8Array([3]));
  });
});
