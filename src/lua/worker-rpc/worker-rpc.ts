// Main-thread side: runs a script in a worker_threads Worker that can be killed.
// Requests are answered in order by the worker, so only the oldest unanswered request is timed,
// from the moment it reaches the front (its own work, not time spent queued behind others), by
// the worker thread's time on a core, not the time it waited for one (a loaded machine: see
// thread-clock.ts).
// No answer in time -> terminate the worker, reject everything pending, start a fresh worker with
// the same script and workerData, tell onRestart listeners (who re-send their configuration).
// A worker that crashes or exits is restarted the same way, with a backoff when it keeps dying.
// Nothing here blocks the main thread.

import { Worker } from 'node:worker_threads';
import { AppSender } from './app-delta.js';
import { RemoteError, WorkerCrashError, WorkerDisposedError, WorkerTimeoutError } from './errors.js';
import type { RequestMessage, WorkerMessage } from './protocol.js';
import { Budget, taskClock, type ThreadClock } from '../engine/thread-clock.js';

export interface WorkerRpcOptions {
  script: URL | string;
  workerData?: unknown;
  /** Per-request answer time when a request gives none. Default 250 ms. */
  defaultTimeoutMs?: number;
  /** Time a fresh worker has to call serveRpc(). Default 10 s. */
  startTimeoutMs?: number;
  /** Passed to the Worker (e.g. ['--import', loader]). */
  execArgv?: string[];
  /**
   * A worker already started with the same script (the CLI's entry starts one before the UI
   * loads), with the messages it sent before we took it over. Used for the first start only.
   */
  adopt?: EarlyWorker;
}

export interface EarlyWorker {
  worker: Worker;
  /** Messages that arrived before adoption, in order. */
  early: unknown[];
  /** Set if it already exited or failed. */
  dead?: boolean;
  /** Stop buffering (called once the real listeners are attached). */
  release(): void;
}

export interface RequestOptions {
  timeoutMs?: number;
}

interface Pending {
  id: number;
  method: string;
  params: unknown;
  timeoutMs: number;
  sent: boolean;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

type State = 'new' | 'starting' | 'ready' | 'waiting' | 'failed' | 'disposed';

// Backoff for workers that keep dying soon after start: 0, 100, 200, 400 ... 5000 ms.
const HEALTHY_AFTER_MS = 5000;
const MAX_BACKOFF_MS = 5000;
// The worker's time asleep (a handler waiting on something) counts this many times less than its
// time on a core: a request that only waits still times out, this many timeouts later.
const SLEEP_STRETCH = 10;

export class WorkerRpc {
  private readonly opts: Required<Pick<WorkerRpcOptions, 'defaultTimeoutMs' | 'startTimeoutMs'>> &
    WorkerRpcOptions;
  private state: State = 'new';
  private worker: Worker | null = null;
  private generation = 0;
  private nextId = 1;
  private readonly pending: Pending[] = [];
  private headTimer: NodeJS.Timeout | null = null;
  private headId = 0;
  /** The worker thread's clock (from its ready message). */
  private threadClock: ThreadClock | null = null;
  private startTimer: NodeJS.Timeout | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  /** The agents of `app` this worker was sent (requests send what changed: app-delta.ts). */
  private app = new AppSender();
  private startedAt = 0;
  private quickDeaths = 0;
  private everReady = false;
  private failure: Error | null = null;
  private firstStart: { promise: Promise<void>; resolve(): void; reject(err: Error): void } | null = null;
  private disposePromise: Promise<void> | null = null;
  private readonly notifyListeners = new Set<(name: string, payload: unknown) => void>();
  private readonly restartListeners = new Set<(reason: string) => void>();

  constructor(opts: WorkerRpcOptions) {
    this.opts = { defaultTimeoutMs: 250, startTimeoutMs: 10_000, ...opts };
  }

  /** Starts the first worker; resolves once it is serving. Rejects if that first worker cannot start. */
  start(): Promise<void> {
    if (this.firstStart) return this.firstStart.promise;
    if (this.state === 'disposed') return Promise.reject(new WorkerDisposedError('WorkerRpc is disposed'));
    let resolve!: () => void;
    let reject!: (err: Error) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.firstStart = { promise, resolve, reject };
    this.spawn();
    return promise;
  }

  request<T>(method: string, params?: unknown, opts: RequestOptions = {}): Promise<T> {
    if (this.state === 'disposed')
      return Promise.reject(new WorkerDisposedError(`WorkerRpc is disposed (request '${method}')`));
    if (this.state === 'new')
      return Promise.reject(new Error(`WorkerRpc.start() must be called before request '${method}'`));
    if (this.state === 'failed') return Promise.reject(this.failure ?? new Error('worker failed to start'));
    return new Promise<T>((resolve, reject) => {
      const p: Pending = {
        id: this.nextId++,
        method,
        params,
        timeoutMs: opts.timeoutMs ?? this.opts.defaultTimeoutMs,
        sent: false,
        resolve: resolve as (v: unknown) => void,
        reject,
      };
      this.pending.push(p);
      if (this.state === 'ready') this.send(p);
    });
  }

  /** Requests not answered yet. */
  get unanswered(): number {
    return this.pending.length;
  }

  onNotify(cb: (name: string, payload: unknown) => void): () => void {
    this.notifyListeners.add(cb);
    return () => this.notifyListeners.delete(cb);
  }

  onRestart(cb: (reason: string) => void): () => void {
    this.restartListeners.add(cb);
    return () => this.restartListeners.delete(cb);
  }

  /** Idempotent: terminates the worker and rejects whatever is pending. */
  dispose(): Promise<void> {
    if (this.disposePromise) return this.disposePromise;
    this.state = 'disposed';
    this.generation++;
    this.clearTimers();
    this.rejectAll(() => new WorkerDisposedError('WorkerRpc disposed'));
    this.firstStart?.reject(new WorkerDisposedError('WorkerRpc disposed before the worker started'));
    this.threadClock?.close();
    this.threadClock = null;
    const w = this.worker;
    this.worker = null;
    this.disposePromise = w
      ? w.terminate().then(
          () => undefined,
          () => undefined,
        )
      : Promise.resolve();
    return this.disposePromise;
  }

  // ---- worker lifecycle ----

  private spawn(): void {
    const gen = ++this.generation;
    this.app = new AppSender(); // (a new worker was sent nothing)
    this.state = 'starting';
    this.startedAt = Date.now();
    let worker: Worker;
    const adopted = this.opts.adopt && !this.opts.adopt.dead ? this.opts.adopt : undefined;
    this.opts.adopt = undefined;
    try {
      worker =
        adopted?.worker ??
        new Worker(this.opts.script, { workerData: this.opts.workerData, execArgv: this.opts.execArgv });
    } catch (err) {
      this.onWorkerDied(gen, `worker could not be created: ${errorText(err)}`);
      return;
    }
    this.worker = worker;
    let lastError: unknown;
    worker.on('message', (m: WorkerMessage) => {
      if (gen === this.generation) this.onMessage(m);
    });
    worker.on('error', (err) => {
      lastError = err;
    });
    worker.on('messageerror', (err) => {
      lastError = err;
    });
    worker.on('exit', (code) => {
      if (gen !== this.generation) return;
      this.onWorkerDied(
        gen,
        lastError !== undefined
          ? `worker crashed: ${errorText(lastError)}`
          : `worker exited with code ${code}`,
      );
    });
    if (adopted) {
      adopted.release();
      for (const m of adopted.early) if (gen === this.generation) this.onMessage(m as WorkerMessage);
    }
    this.startTimer = setTimeout(() => {
      if (gen === this.generation && this.state === 'starting') {
        this.onWorkerDied(gen, `worker did not start within ${this.opts.startTimeoutMs} ms`);
      }
    }, this.opts.startTimeoutMs);
  }

  private onMessage(m: WorkerMessage): void {
    switch (m.t) {
      case 'ready':
        if (this.state !== 'starting') return;
        this.state = 'ready';
        this.threadClock?.close();
        this.threadClock = typeof m.tid === 'number' ? taskClock(m.tid) : null;
        this.everReady = true;
        if (this.startTimer) clearTimeout(this.startTimer);
        this.startTimer = null;
        this.firstStart?.resolve();
        for (const p of this.pending) if (!p.sent) this.send(p);
        return;
      case 'res': {
        const i = this.pending.findIndex((p) => p.id === m.id);
        if (i < 0) return;
        const [p] = this.pending.splice(i, 1);
        if (m.ok) p.resolve(m.value);
        else p.reject(new RemoteError(m.error ?? { message: 'unknown error', name: 'Error', fields: {} }));
        this.timeHead();
        return;
      }
      case 'notify':
        for (const cb of [...this.notifyListeners]) {
          try {
            cb(m.name, m.payload);
          } catch {
            // a listener's bug must not break the rpc
          }
        }
        return;
    }
  }

  private send(p: Pending): void {
    const app = this.app.encode(p.params);
    const msg: RequestMessage = { t: 'req', id: p.id, method: p.method, params: app.params };
    try {
      this.worker!.postMessage(msg);
      app.commit();
    } catch (err) {
      // e.g. params that cannot be cloned: this request fails, the worker is fine
      this.pending.splice(this.pending.indexOf(p), 1);
      p.reject(new Error(`request '${p.method}' cannot be sent: ${errorText(err)}`));
      return;
    }
    p.sent = true;
    this.timeHead();
  }

  /** Keeps exactly one timer, on the oldest request the worker has. */
  private timeHead(): void {
    const head = this.pending.find((p) => p.sent);
    if (!head) {
      if (this.headTimer) clearTimeout(this.headTimer);
      this.headTimer = null;
      this.headId = 0;
      return;
    }
    if (this.headId === head.id && this.headTimer) return;
    if (this.headTimer) clearTimeout(this.headTimer);
    this.headId = head.id;
    const gen = this.generation;
    const clock = this.threadClock;
    const budget = new Budget(head.timeoutMs, performance.now(), () => clock?.(), SLEEP_STRETCH);
    // Where the worker's clock starts, read now (two preads): read later, the wall time before it
    // counted as the worker's work, and a starved machine timed out a configuration that had barely run.
    budget.begin();
    const look = () => (budget.late(performance.now()) ? this.onTimeout(head) : arm(budget.at));
    const arm = (at: number) => {
      this.headTimer = setTimeout(
        () => {
          if (gen === this.generation && this.headId === head.id) look();
        },
        Math.max(1, at - performance.now()),
      );
    };
    arm(budget.at);
  }

  private onTimeout(head: Pending): void {
    const reason = `request '${head.method}' timed out after ${head.timeoutMs} ms`;
    this.kill();
    this.rejectAll((p) =>
      p === head
        ? new WorkerTimeoutError(`${reason}; the worker was restarted`, p.method, p.timeoutMs)
        : new WorkerTimeoutError(
            `request '${p.method}' was cancelled: the worker was restarted because ${reason}`,
            head.method,
            head.timeoutMs,
          ),
    );
    this.quickDeaths = 0; // a runaway request is not a crash loop
    this.spawn();
    this.emitRestart(reason);
  }

  private onWorkerDied(gen: number, reason: string): void {
    if (gen !== this.generation || this.state === 'disposed') return;
    this.kill();
    this.rejectAll((p) => new WorkerCrashError(`request '${p.method}' failed: ${reason}`, p.method));
    if (!this.everReady) {
      // The very first worker never came up (bad script?): report it to start() instead of retrying forever.
      this.failure = new WorkerCrashError(reason, 'start');
      this.state = 'failed';
      this.firstStart?.reject(this.failure);
      return;
    }
    const lived = Date.now() - this.startedAt;
    this.quickDeaths = lived < HEALTHY_AFTER_MS ? this.quickDeaths + 1 : 1;
    const delay = this.quickDeaths <= 1 ? 0 : Math.min(100 * 2 ** (this.quickDeaths - 2), MAX_BACKOFF_MS);
    this.state = 'waiting';
    this.emitRestart(delay > 0 ? `${reason} (restarting in ${delay} ms)` : reason);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.state === 'waiting') this.spawn();
    }, delay);
  }

  private kill(): void {
    this.generation++;
    this.clearTimers();
    this.threadClock?.close();
    this.threadClock = null;
    const w = this.worker;
    this.worker = null;
    if (w) void w.terminate().catch(() => {});
  }

  private rejectAll(make: (p: Pending) => Error): void {
    const all = this.pending.splice(0);
    for (const p of all) p.reject(make(p));
  }

  private emitRestart(reason: string): void {
    for (const cb of [...this.restartListeners]) {
      try {
        cb(reason);
      } catch {
        // listeners must not break the restart
      }
    }
  }

  private clearTimers(): void {
    if (this.headTimer) clearTimeout(this.headTimer);
    if (this.startTimer) clearTimeout(this.startTimer);
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.headTimer = this.startTimer = this.restartTimer = null;
    this.headId = 0;
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
