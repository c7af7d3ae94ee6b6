import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The server lowers V8's optimization budget once this start's code caches are written
// (src/cli/v8-tiering.ts): a cache made after that would be refused at the next start. Whether
// the flags changed is read where V8 reads it: the flags' hash in a code cache's header.

const TIERING = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/cli/v8-tiering.js');

/** In a new node: tierUpSooner(caches); what a probe cache says at each of `at` (ms), files made at `makeAt`. */
function watch(caches: string[], at: number[], makeAt: number | null): Promise<boolean[]> {
  const script = `
const vm = require('node:vm'), fs = require('node:fs');
// A code cache's header holds the hash of V8's flags (after its magic number, V8's version and the source's hash).
let n = 0;
const flagHash = () => new vm.Script('x' + n++).createCachedData().readUInt32LE(12);
const before = flagHash();
const tuned = () => flagHash() !== before;
import(${JSON.stringify(TIERING)}).then(({ tierUpSooner }) => {
  const stop = tierUpSooner(${JSON.stringify(caches)});
  const seen = [];
  ${makeAt === null ? '' : `setTimeout(() => { for (const f of ${JSON.stringify(caches)}) fs.writeFileSync(f, ''); }, ${makeAt});`}
  for (const ms of ${JSON.stringify(at)}) setTimeout(() => seen.push(tuned()), ms);
  setTimeout(() => { stop(); process.stdout.write(JSON.stringify(seen)); }, ${Math.max(...at) + 50});
});`;
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['-e', script], { encoding: 'utf8' }, (err, out) =>
      err ? reject(err) : resolve(JSON.parse(out) as boolean[]),
    ),
  );
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'botster tiering-'));

describe('tierUpSooner', () => {
  it('with no caches to wait for, V8 is tuned at once', async () => {
    expect(await watch([], [100], null)).toEqual([true]);
  });

  it('waits until every cache of this start is written', async () => {
    const dir = tmp();
    const caches = [path.join(dir, 'cli.v8'), path.join(dir, 'lua-worker.v8')];
    fs.writeFileSync(caches[0], '');
    // The second appears at 300 ms; the check comes back every second.
    expect(await watch(caches, [200, 1600], 300)).toEqual([false, true]);
  });
});
