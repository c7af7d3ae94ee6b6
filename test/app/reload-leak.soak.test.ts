import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// What a reload leaves behind: bench/reload-heap.mjs saves a hub's files again and again (good
// layouts, broken ones, hooks/commands/bindings rewritten, an improvement loaded at each reload)
// with five agents running, and reports the bytes each reload kept after full collections, in the
// main thread and in the Lua worker, from reload 100 to 300 (V8 still compiling hot code and GC
// noise: 1-5 kB per reload here). A real leak is far above the bounds: React's development build
// kept its timings (~64 kB per reload), a kept configuration holds ~150 kB of file sources, a Lua
// state never closed megabytes. Plain node, not vitest's: its console turns React's timings off.
// Not a timing test: it counts bytes.
const BENCH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bench/reload-heap.mjs');
const BOUND = 16 * 1024;
const LUA_BOUND = 64 * 1024;

interface Row {
  name: string;
  value: number;
  note: string;
}

describe('reload leak', () => {
  it(`200 reloads with five agents keep less than ${BOUND / 1024} kB each in either thread`, () => {
    const env: NodeJS.ProcessEnv = { ...process.env, RELOADS: '300' };
    delete env.NODE_ENV; // the development build, as tsc's dist/ runs
    const r = spawnSync(process.execPath, [BENCH], { env, encoding: 'utf8', timeout: 160000 });
    console.log(r.stderr);
    const rows = JSON.parse(r.stdout.trim().split('\n').pop() ?? '[]') as Row[];
    const value = (name: string) => {
      const row = rows.find((x) => x.name === name);
      expect(row, `${name} in ${r.stdout}`).toBeDefined();
      return row!.value;
    };
    expect(value('reload: main heap kept per reload')).toBeLessThan(BOUND);
    expect(value('reload: Lua worker heap kept per reload')).toBeLessThan(BOUND);
    expect(value('reload: Lua worker, outside V8, per reload')).toBeLessThan(LUA_BOUND);
  }, 170000);
});
