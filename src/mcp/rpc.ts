// MCP's stdio transport: JSON-RPC 2.0, one message per line on stdin and stdout (stderr is for
// logs). Requests are answered in the order they finish; notifications get no answer.

export interface RpcRequest {
  jsonrpc: '2.0';
  id?: string | number | null;
  method: string;
  params?: Record<string, unknown>;
}

/** A JSON-RPC error the client reads as a protocol failure (not a tool's own failure). */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const INVALID_PARAMS = -32602;
export const METHOD_NOT_FOUND = -32601;
const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;
const INTERNAL = -32603;

export type Handler = (params: Record<string, unknown>) => unknown;

/**
 * Serves `handlers` on `input` and `output` until input ends. A line that is not JSON-RPC is
 * answered with its error (id null), never a crash; a handler's throw is its request's error.
 */
export function serveLines(
  input: NodeJS.ReadableStream,
  output: { write(s: string): unknown },
  handlers: Readonly<Record<string, Handler>>,
): Promise<void> {
  const send = (m: Record<string, unknown>) => output.write(JSON.stringify({ jsonrpc: '2.0', ...m }) + '\n');
  const fail = (id: RpcRequest['id'], code: number, message: string) =>
    send({ id: id ?? null, error: { code, message } });
  const pending = new Set<Promise<void>>();
  let buf = '';
  const line = (text: string) => {
    if (!text.trim()) return;
    let msg: RpcRequest;
    try {
      msg = JSON.parse(text) as RpcRequest;
    } catch {
      return fail(null, PARSE_ERROR, 'not JSON');
    }
    if (!msg || typeof msg !== 'object' || typeof msg.method !== 'string') {
      // A response to something we never asked, or nothing at all.
      if (msg && typeof msg === 'object' && ('result' in msg || 'error' in msg)) return;
      return fail(msg?.id, INVALID_REQUEST, 'not a JSON-RPC request');
    }
    const notification = msg.id === undefined;
    const handler = Object.hasOwn(handlers, msg.method) ? handlers[msg.method] : undefined;
    if (!handler) {
      if (!notification) fail(msg.id, METHOD_NOT_FOUND, `no method ${msg.method}`);
      return;
    }
    const params = msg.params && typeof msg.params === 'object' ? msg.params : {};
    const done = Promise.resolve()
      .then(() => handler(params))
      .then(
        (result) => {
          if (!notification) send({ id: msg.id, result: result ?? {} });
        },
        (err: unknown) => {
          if (notification) return;
          if (err instanceof RpcError) fail(msg.id, err.code, err.message);
          else fail(msg.id, INTERNAL, err instanceof Error ? err.message : String(err));
        },
      )
      .finally(() => pending.delete(done));
    pending.add(done);
  };
  return new Promise((resolve) => {
    input.setEncoding?.('utf8');
    input.on('data', (chunk: string) => {
      buf += chunk;
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const text = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        line(text);
      }
    });
    input.on('end', () => {
      line(buf);
      void Promise.allSettled([...pending]).then(() => resolve());
    });
  });
}
