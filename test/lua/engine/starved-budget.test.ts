import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { WorkerRpc, WorkerTimeoutError } from '../../../src/lua/worker-rpc/index.js';
import { transpileForWorkers, type TranspiledTree } from '../../support/transpile-for-workers.js';

// Lua's time budgets on a loaded machine: a run that waits for a core has not used its budget.
// The Lua worker is starved for real here: it and two busy threads are put on one core, the
// worker niced to 10 (Linux: affinity and nice are per thread), so it gets ~5% of that core. Then
// work that needs most of its budget of CPU takes ten budgets and more of wall time, and must still
// finish; a real runaway must still be stopped (with its file:line), if later.

const fixture = new URL('./fixtures/rpc-worker.mjs', import.meta.url);
let tree: TranspiledTree;
beforeAll(async () => {
  tree = await transpileForWorkers(['src/lua/engine', 'src/lua/worker-rpc']);
});
afterAll(async () => {
  await tree?.dispose();
});

const rpcs: WorkerRpc[] = [];
const hogs: Worker[] = [];
afterEach(async () => {
  await Promise.all(hogs.splice(0).map((h) => h.terminate()));
  await Promise.all(rpcs.splice(0).map((r) => r.dispose()));
});

const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return process.platform === 'linux';
  } catch {
    return false;
  }
})();
// The first core this process may use.
const core = () => /Cpus_allowed_list:\s*(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))![1];
const pin = (tid: number) => execFileSync('taskset', ['-pc', core(), String(tid)], { stdio: 'ignore' });

async function starvedWorker(
  defaultTimeoutMs: number,
  cpuMs = 20,
): Promise<{ rpc: WorkerRpc; work: string }> {
  const rpc = new WorkerRpc({ script: fixture, workerData: { lib: tree.root }, defaultTimeoutMs });
  rpcs.push(rpc);
  await rpc.start();
  // Work of ~cpuMs of CPU (measured in CPU time, whatever else the machine does).
  const loop = (n: number) => `local x = 0 for i = 1, ${n} do x = x + i end return x`;
  const probe = await rpc.request<number>(
    'timed',
    { source: loop(400_000), name: 'probe.lua' },
    { timeoutMs: 20_000 },
  );
  const work = loop(Math.round((cpuMs / Math.max(probe, 0.1)) * 400_000));
  expect(await rpc.request('nice', 10)).toBe(10);
  pin(await rpc.request<number>('tid'));
  for (let i = 0; i < 2; i++) {
    const hog = new Worker(
      `const fs = require('fs'); require('worker_threads').parentPort.postMessage(Number(/task\\/(\\d+)$/.exec(fs.readlinkSync('/proc/thread-self'))[1])); for (;;);`,
      { eval: true },
    );
    hogs.push(hog);
    pin(await new Promise<number>((r) => hog.once('message', r)));
  }
  return { rpc, work };
}

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => new Error('expected a rejection'),
    (err: Error) => err,
  );

describe.skipIf(!hasTaskset)(
  'budgets on a loaded machine (Linux: its schedstat tells the wait for a core)',
  // A worker starved on purpose, beside a loaded runner's own work: a minute, not 20 s.
  { timeout: 60000 },
  () => {
    test('a starved Lua run is not stopped by its budget; an infinite loop still is, with its file:line', async () => {
      const { rpc, work } = await starvedWorker(30_000, 60);
      // 60 ms of CPU at ~5% of a core: over a second of wall time (ten budgets and more).
      const t0 = performance.now();
      expect(await rpc.request('lua', { source: work, name: 'work.lua', budgetMs: 100 })).toHaveLength(1);
      expect(performance.now() - t0).toBeGreaterThan(100); // it was starved (not a timing bound)
      const err = await rejection(
        rpc.request('lua', {
          source: 'local n = 0\nwhile true do n = n + 1 end',
          name: 'loop.lua',
          budgetMs: 100,
        }),
      );
      expect(err.message).toMatch(/loop\.lua:2: stopped after 100 ms \(infinite loop\?\)/);
    });

    test("the worker's request timeout does not count its wait for a core either; a handler that spins is still cut off", async () => {
      const { rpc, work } = await starvedWorker(150);
      expect(await rpc.request('lua', { source: work, name: 'work.lua', budgetMs: 30_000 })).toHaveLength(1);
      expect(await rejection(rpc.request('spin', undefined, { timeoutMs: 100 }))).toBeInstanceOf(
        WorkerTimeoutError,
      );
      expect(await rpc.request('echo', 'again')).toBe('again');
    });
  },
);
