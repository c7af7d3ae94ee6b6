// Worker side of WorkerRpc: answers requests one at a time, in arrival order, so that a request's
// answer time is its own work and the main thread can time it out precisely.

import { parentPort } from 'node:worker_threads';
import { serializeError, type RequestMessage, type WorkerMessage } from './protocol.js';
import { threadId } from '../engine/thread-clock.js';
import { AppReceiver } from './app-delta.js';

export type RpcHandlers = Record<string, (params: any) => unknown | Promise<unknown>>;

export interface RpcServer {
  /** Fire-and-forget message to the main thread's onNotify listeners. */
  notify(name: string, payload: unknown): void;
}

export function serveRpc(handlers: RpcHandlers): RpcServer {
  const port = parentPort;
  if (!port) throw new Error('serveRpc() must be called inside a worker thread');
  const post = (m: WorkerMessage): void => port.postMessage(m);

  const app = new AppReceiver();
  let chain: Promise<void> = Promise.resolve();
  port.on('message', (msg: RequestMessage) => {
    if (msg?.t !== 'req') return;
    chain = chain.then(() => handle(msg));
  });

  async function handle(msg: RequestMessage): Promise<void> {
    let value: unknown;
    try {
      // (first: what it was sent is kept whatever becomes of the request)
      const params = app.decode(msg.params);
      const handler = Object.prototype.hasOwnProperty.call(handlers, msg.method)
        ? handlers[msg.method]
        : undefined;
      if (typeof handler !== 'function') throw new Error(`unknown method '${msg.method}'`);
      value = await handler(params);
    } catch (err) {
      post({ t: 'res', id: msg.id, ok: false, error: serializeError(err) });
      return;
    }
    try {
      post({ t: 'res', id: msg.id, ok: true, value });
    } catch (err) {
      // e.g. a result holding functions: cannot be cloned
      const message = `result of '${msg.method}' cannot be sent to the main thread: ${err instanceof Error ? err.message : String(err)}`;
      post({ t: 'res', id: msg.id, ok: false, error: serializeError(new Error(message)) });
    }
  }

  post({ t: 'ready', tid: threadId() });
  return {
    notify(name, payload) {
      post({ t: 'notify', name, payload });
    },
  };
}
