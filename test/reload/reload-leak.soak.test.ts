import fs from 'node:fs';
import v8 from 'node:v8';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { realHome, sleep, textLayout, waitForFrame } from '../support/hub.js';
import { useHub } from '../support/use-hub.js';

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

const hubs = useHub();

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

  // A burst of saves grows the young generation of both threads (to 16-32 MB each, all resident),
  // and an idle hub never collects: once the saves stop, the hub gives it back by itself.
  it('after a burst of saves, a quiet hub shrinks the young generation of both threads again', async () => {
    const home = realHome('dot-folder', { 'user/layout.lua': textLayout('SAVE 0') });
    const hub = await hubs.watched({
      home,
      agents: Array.from({ length: 5 }, () => ({ command: 'cat' })),
      cols: 160,
      rows: 48,
    });
    await waitForFrame(hub, /SAVE 0/);
    let grown = 0;
    // At least 150 saves: 12 MB of configuration read, more than the 8 MB that make a burst.
    for (let n = 1; n <= 400 && (n <= 150 || grown <= 8 << 20); n++) {
      fs.writeFileSync(path.join(home, 'user/layout.lua'), textLayout(`SAVE ${n}`));
      await waitForFrame(hub, new RegExp(`SAVE ${n}\\b`));
      if (n % 25 === 0) grown = (await hub.lua.memory()).young;
    }
    expect(grown, "the saves grew the worker's young generation").toBeGreaterThan(8 << 20);
    // The trim: a scavenge once a second passed without work, a full collection 5.5 s later.
    await sleep(9000);
    expect((await hub.lua.memory()).young, 'the worker').toBeLessThanOrEqual(4 << 20);
    expect(
      v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_size,
      'the main thread',
    ).toBeLessThanOrEqual(4 << 20);
  }, 120000);
});
