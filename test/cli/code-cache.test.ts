import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cacheDir } from '../../src/cli/code-cache.js';

// The hub server's CLI runs from V8's code cache (src/cli/code-cache.ts): made once per build, per
// user, in a folder nobody else may write to; whatever is wrong with it costs speed, never a start.
// Each start is a process of its own, as a server's is (V8 also keeps compiled scripts in memory).

const LOADER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/bundle/code-cache.cjs');

/**
 * Compiles and runs `file` in a new node, as bin/ does for the server; saves the cache when `save`;
 * under V8 flags set at run time (`flags`), as the server's Lua worker after the server tuned them.
 */
function start(
  file: string,
  dir: string | null,
  save = true,
  flags = '',
): { cached: boolean; result: unknown } {
  const script = `${flags ? `require('node:v8').setFlagsFromString(${JSON.stringify(flags)});` : ''}
const c = require(${JSON.stringify(LOADER)}).compileCached(${JSON.stringify(file)}, ${JSON.stringify(dir)});
c.run();
if (${save}) c.save();
process.stdout.write(JSON.stringify({ cached: c.cached, result: globalThis.__codeCacheResult, stack: globalThis.__codeCacheStack }));`;
  const { stack, ...out } = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
  lastStack = stack;
  return out;
}

/** The first frame of the last start's bundle, as its stack named it. */
let lastStack = '';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'botster cache-'));

/** A CommonJS "bundle" that counts its runs in a global, as the build writes it (its last line names the build). */
function bundle(dir: string, build: string, body = ''): string {
  const file = path.join(dir, 'cli.cjs');
  const source = `module.exports.sum = (a, b) => a + b;
const square = (x) => x * x;
globalThis.__codeCacheResult = [require('node:path').basename(__filename), module.exports.sum(2, square(3))];
globalThis.__codeCacheStack = new Error('here').stack.split('\\n')[1];
${body}
//# build=${build}
`;
  fs.writeFileSync(file, source);
  return file;
}

/** The place part of a cache's name: the script's own path. */
const place = (file: string) => crypto.createHash('sha256').update(file).digest('hex').slice(0, 12);

const caches = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.v8'))
    .sort();

describe('compileCached', () => {
  it('runs the script as a CommonJS module; the cache it writes is used by the next start', () => {
    const dir = tmp();
    const cache = path.join(dir, 'cache');
    fs.mkdirSync(cache, { mode: 0o700 });
    const file = bundle(dir, 'aaaa1111');
    expect(start(file, cache)).toEqual({ cached: false, result: ['cli.cjs', 11] });
    const [name] = caches(cache);
    expect(name).toBe(`cli-aaaa1111-${place(file)}-${process.version}-${process.arch}.v8`);
    expect(fs.statSync(path.join(cache, name)).mode & 0o777).toBe(0o600);
    expect(start(file, cache)).toEqual({ cached: true, result: ['cli.cjs', 11] });
  });

  it('a broken cache is rejected: the script still runs, and the start writes a good one', () => {
    const dir = tmp();
    const file = bundle(dir, 'bbbb2222');
    start(file, dir);
    const [name] = caches(dir);
    const bytes = fs.readFileSync(path.join(dir, name));
    const flipped = Buffer.from(bytes);
    flipped[flipped.length >> 1] ^= 0xff;
    for (const broken of [
      Buffer.from('not a cache at all'),
      bytes.subarray(0, bytes.length >> 1),
      Buffer.alloc(0),
      flipped,
    ]) {
      fs.writeFileSync(path.join(dir, name), broken);
      expect(start(file, dir)).toEqual({ cached: false, result: ['cli.cjs', 11] });
      expect(start(file, dir, false).cached).toBe(true);
    }
  });

  it("another build's cache is not used, and the new build's cache replaces it", () => {
    const dir = tmp();
    const file = bundle(dir, 'cccc3333');
    start(file, dir);
    expect(caches(dir)).toEqual([`cli-cccc3333-${place(file)}-${process.version}-${process.arch}.v8`]);
    // Same length, other code: V8 would take the old cache (it compares lengths); the build name does not.
    expect(start(bundle(dir, 'dddd4444', ''), dir).cached).toBe(false);
    expect(caches(dir)).toEqual([`cli-dddd4444-${place(file)}-${process.version}-${process.arch}.v8`]);
  });

  it('the same build in two checkouts: each runs from its own cache, and its stacks name its own files', () => {
    // V8 keeps the script's file name in a cache: one made by the other checkout would name that
    // one's files in every stack (and its source maps, gone with it).
    const cache = tmp();
    const [a, b] = [tmp(), tmp()].map((d) => bundle(d, 'abab1212'));
    expect(start(a, cache).cached).toBe(false);
    expect(lastStack).toContain(a);
    expect(start(b, cache).cached).toBe(false);
    expect(lastStack).toContain(b);
    for (const file of [a, b, a]) {
      expect(start(file, cache, false).cached).toBe(true);
      expect(lastStack).toContain(file);
    }
    expect(caches(cache)).toEqual(
      [a, b].map((f) => `cli-abab1212-${place(f)}-${process.version}-${process.arch}.v8`).sort(),
    );
  });

  it("a cache named before places were, and another place's cache unwritten for a month, go with the next write", () => {
    const cache = tmp();
    const file = bundle(tmp(), 'cdcd3434');
    const old = path.join(cache, `cli-cdcd3434-${process.version}-${process.arch}.v8`);
    const away = path.join(cache, `cli-cdcd3434-${'0'.repeat(12)}-${process.version}-${process.arch}.v8`);
    const recent = path.join(cache, `cli-efef5656-${'1'.repeat(12)}-${process.version}-${process.arch}.v8`);
    const other = path.join(
      cache,
      `lua-worker-cdcd3434-${'0'.repeat(12)}-${process.version}-${process.arch}.v8`,
    );
    for (const f of [old, away, recent, other]) fs.writeFileSync(f, 'x');
    const month = (Date.now() - 31 * 24 * 3600 * 1000) / 1000;
    for (const f of [away, other]) fs.utimesSync(f, month, month);
    start(file, cache);
    expect(caches(cache)).toEqual(
      [
        path.basename(recent),
        path.basename(other),
        `cli-cdcd3434-${place(file)}-${process.version}-${process.arch}.v8`,
      ].sort(),
    );
  });

  it('a whole cache V8 refuses under other flags is removed, not replaced: the next start writes a good one', () => {
    const dir = tmp();
    const file = bundle(dir, 'ffff6666');
    start(file, dir);
    // A process run under another V8 flag (NODE_OPTIONS, say).
    expect(start(file, dir, true, '--interrupt-budget=4096').cached).toBe(false);
    expect(caches(dir)).toEqual([]);
    expect(start(file, dir).cached).toBe(false);
    expect(start(file, dir, false).cached).toBe(true);
  });

  it('no cache folder (or no build name): it compiles and runs, and writes nothing', () => {
    const dir = tmp();
    const file = bundle(dir, 'eeee5555');
    expect(start(file, null)).toEqual({ cached: false, result: ['cli.cjs', 11] });
    expect(caches(dir)).toEqual([]);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/\/\/# build=\w+\n$/, ''));
    expect(start(file, dir).cached).toBe(false);
    expect(caches(dir)).toEqual([]);
  });
});

describe('cacheDir', () => {
  it('$XDG_CACHE_HOME/botster-tui (absolute only), else ~/.cache/botster-tui, made private', () => {
    const base = tmp();
    const dir = cacheDir({ XDG_CACHE_HOME: path.join(base, 'xdg') });
    expect(dir).toBe(path.join(base, 'xdg', 'botster-tui'));
    expect(fs.statSync(dir!).mode & 0o777).toBe(0o700);
    expect(cacheDir({ XDG_CACHE_HOME: 'relative/cache' })).toBe(
      path.join(os.homedir(), '.cache', 'botster-tui'),
    );
  });

  it('a folder others may write to is not used (a cache is code that runs)', () => {
    const base = tmp();
    fs.mkdirSync(path.join(base, 'botster-tui'), { mode: 0o777 });
    fs.chmodSync(path.join(base, 'botster-tui'), 0o777);
    expect(cacheDir({ XDG_CACHE_HOME: base })).toBeNull();
  });
});
