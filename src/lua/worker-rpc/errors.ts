// Why a WorkerRpc request failed without an answer from its handler.

import type { SerializedError } from './protocol.js';

/** The request (or one before it) got no answer in time; the worker was killed and restarted. */
export class WorkerTimeoutError extends Error {
  override name = 'WorkerTimeoutError';
  constructor(
    message: string,
    readonly method: string,
    readonly timeoutMs: number,
  ) {
    super(message);
  }
}

/** The worker died (uncaught error, exit, failed start) while the request was pending. */
export class WorkerCrashError extends Error {
  override name = 'WorkerCrashError';
  constructor(
    message: string,
    readonly method: string,
  ) {
    super(message);
  }
}

export class WorkerDisposedError extends Error {
  override name = 'WorkerDisposedError';
}

/** The handler threw: same message, plus the error's own fields (e.g. kind, file, line of a LuaScriptError). */
export class RemoteError extends Error {
  override name = 'RemoteError';
  /** `name` of the error thrown in the worker (e.g. 'LuaScriptError'). */
  readonly remoteName: string;
  readonly remoteStack?: string;
  readonly kind?: string;
  readonly file?: string;
  readonly line?: number;
  readonly [field: string]: unknown;

  constructor(e: SerializedError) {
    super(e.message);
    this.remoteName = e.name;
    if (e.stack !== undefined) this.remoteStack = e.stack;
    for (const [k, v] of Object.entries(e.fields)) {
      if (k === 'name' || k === 'remoteName' || k === 'remoteStack') continue;
      (this as Record<string, unknown>)[k] = v;
    }
  }
}
