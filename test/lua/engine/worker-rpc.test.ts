import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  RemoteError,
  WorkerCrashError,
  WorkerDisposedError,
  WorkerRpc,
  WorkerTimeoutError,
} from '../../../src/lua/worker-rpc/index.js';
import { transpileForWorkers, type TranspiledTree } from '../../support/transpile-for-workers.js';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);

let tree: TranspiledTree;
beforeAll(async () => {
  tree = await transpileForWorkers(['src/lua/engine', 'src/lua/worker-rpc']);
});
afterAll(async () => {
  await tree?.dispose();
});

const rpcs: WorkerRpc[] = [];
function makeRpc(script = 'rpc-worker.mjs', defaultTimeoutMs = 2000): WorkerRpc {
  const rpc = new WorkerRpc({ script: fixture(script), workerData: { lib: tree.root }, defaultTimeoutMs });
  rpcs.push(rpc);
  return rpc;
}
afterEach(async () => {
  await Promise.all(rpcs.splice(0).map((r) => r.dispose()));
});

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('WorkerRpc', () => {
  test('answers in order; handler errors reject with the message and the error fields', async () => {
    const rpc = makeRpc();
    await rpc.start();
    expect(await rpc.request('echo', { a: [1, 'two'] })).toEqual({ a: [1, 'two'] });

    const order: string[] = [];
    await Promise.all([
      rpc.request('sleep', 40).then(() => order.push('slow')),
      rpc.request('echo', 1).then(() => order.push('echo')),
      rpc.request('sleep', 1).then(() => order.push('fast')),
    ]);
    expect(order).toEqual(['slow', 'echo', 'fast']);

    const err = await rejection(rpc.request('fail'));
    expect(err).toBeInstanceOf(RemoteError);
    expect(err.message).toBe('handler failed');
    expect(err).toMatchObject({ kind: 'runtime', file: 'x.lua', line: 3 });

    const luaErr = (await rejection(
      rpc.request('lua', { source: 'local x = = 1', name: 'user/layout.lua' }),
    )) as RemoteError;
    expect(luaErr.message).toMatch(/^user\/layout\.lua:1: /);
    expect(luaErr).toMatchObject({
      kind: 'syntax',
      file: 'user/layout.lua',
      line: 1,
      remoteName: 'LuaScriptError',
    });

    expect((await rejection(rpc.request('nope'))).message).toContain("unknown method 'nope'");
    expect(await rpc.request('lua', { source: 'return {ok = true}', name: 'a.lua' })).toEqual([{ ok: true }]);
  });

  test('a runaway C pattern match: rejects at the timeout, the worker is replaced, the main thread keeps running', async () => {
    const rpc = makeRpc();
    await rpc.start();
    const restarts: string[] = [];
    rpc.onRestart((r) => restarts.push(r));
    const before = await rpc.request<number>('whoami');

    let ticks = 0;
    const interval = setInterval(() => ticks++, 10);
    try {
      const runaway = rpc.request(
        'lua',
        { source: 'return string.rep("a", 30000):find(".-.-.-x")', name: 'bad.lua' },
        { timeoutMs: 300 },
      );
      const queued = rpc.request('echo', 'behind it');
      const err = await rejection(runaway);
      expect(err).toBeInstanceOf(WorkerTimeoutError);
      expect(err.message).toContain("'lua'");
      expect(err.message).toContain('300 ms');
      const queuedErr = await rejection(queued);
      expect(queuedErr).toBeInstanceOf(WorkerTimeoutError);
      expect(queuedErr.message).toContain("'echo' was cancelled");
    } finally {
      clearInterval(interval);
    }
    expect(ticks).toBeGreaterThanOrEqual(3); // the event loop was never blocked
    expect(restarts).toEqual(["request 'lua' timed out after 300 ms"]);

    expect(await rpc.request('lua', { source: 'return 1 + 1', name: 'ok.lua' })).toEqual([2]);
    expect(await rpc.request<number>('whoami')).not.toBe(before);
  });

  test('a JS handler that never returns is cut off the same way', async () => {
    const rpc = makeRpc();
    await rpc.start();
    expect(await rejection(rpc.request('spin', undefined, { timeoutMs: 100 }))).toBeInstanceOf(
      WorkerTimeoutError,
    );
    expect(await rpc.request('echo', 'again')).toBe('again');
  });

  test('queued time does not count against a request, only its own turn', async () => {
    const rpc = makeRpc();
    await rpc.start();
    const slow = rpc.request('sleep', 800, { timeoutMs: 5000 });
    const quick = rpc.request('echo', 'q', { timeoutMs: 400 }); // waits ~800 ms in the queue, then answers at once
    expect(await slow).toBe(800);
    expect(await quick).toBe('q');
  });

  test('a crash rejects what is pending and restarts the worker', async () => {
    const rpc = makeRpc();
    await rpc.start();
    const restarts: string[] = [];
    rpc.onRestart((r) => restarts.push(r));
    expect(await rpc.request('crashSoon')).toBe('crashing');
    const pending = rpc.request('sleep', 1000, { timeoutMs: 5000 });
    const err = await rejection(pending);
    expect(err).toBeInstanceOf(WorkerCrashError);
    expect(err.message).toContain('boom from worker');
    expect(restarts[0]).toContain('worker crashed: boom from worker');
    expect(await rpc.request('echo', 'back')).toBe('back');
  });

  test('an exiting worker is restarted', async () => {
    const rpc = makeRpc();
    await rpc.start();
    const err = await rejection(rpc.request('exit'));
    expect(err).toBeInstanceOf(WorkerCrashError);
    expect(err.message).toContain('exited with code 3');
    expect(await rpc.request('echo', 'still here')).toBe('still here');
  });

  test('a worker that keeps crashing is restarted with a growing backoff', async () => {
    const rpc = makeRpc('crash-loop-worker.mjs');
    const delays: number[] = [];
    const done = new Promise<void>((resolve) => {
      rpc.onRestart((r) => {
        const m = /restarting in (\d+) ms/.exec(r);
        delays.push(m ? Number(m[1]) : 0);
        if (delays.length === 4) resolve();
      });
    });
    await rpc.start();
    await done;
    expect(delays).toEqual([0, 100, 200, 400]);
  });

  test('notify reaches onNotify listeners; unsubscribe works', async () => {
    const rpc = makeRpc();
    await rpc.start();
    const got: unknown[] = [];
    const off = rpc.onNotify((name, payload) => got.push([name, payload]));
    await rpc.request('notifyMe', { name: 'log', payload: { level: 'info', message: 'hi' } });
    expect(got).toEqual([['log', { level: 'info', message: 'hi' }]]);
    off();
    await rpc.request('notifyMe', { name: 'log', payload: 2 });
    expect(got).toHaveLength(1);
  });

  test('values that cannot cross the thread boundary fail only their request', async () => {
    const rpc = makeRpc();
    await rpc.start();
    expect((await rejection(rpc.request('echo', { f: () => 1 }))).message).toContain("'echo' cannot be sent");
    expect((await rejection(rpc.request('unsendable'))).message).toContain(
      'cannot be sent to the main thread',
    );
    expect(await rpc.request('echo', 'fine')).toBe('fine');
  });

  test('a script that cannot start makes start() reject', async () => {
    const rpc = makeRpc('broken-worker.mjs');
    const err = await rejection(rpc.start());
    expect(err).toBeInstanceOf(WorkerCrashError);
    expect(err.message).toContain('cannot even start');
    expect(await rejection(rpc.request('echo', 1))).toBe(err);
  });

  test('dispose rejects pending requests and is idempotent', async () => {
    const rpc = makeRpc();
    await rpc.start();
    const pending = rpc.request('sleep', 1000);
    const d1 = rpc.dispose();
    expect(rpc.dispose()).toBe(d1);
    expect(await rejection(pending)).toBeInstanceOf(WorkerDisposedError);
    await d1;
    expect(await rejection(rpc.request('echo', 1))).toBeInstanceOf(WorkerDisposedError);
  });
});
