// Messages between WorkerRpc (main thread) and serveRpc (worker). Plain structured-clone data.

export interface RequestMessage {
  t: 'req';
  id: number;
  method: string;
  params: unknown;
}

export interface ReadyMessage {
  t: 'ready';
  /** The worker thread's id as the system knows it (its clock, see thread-clock.ts). */
  tid?: number;
}

export interface ResponseMessage {
  t: 'res';
  id: number;
  ok: boolean;
  value?: unknown;
  error?: SerializedError;
}

export interface NotifyMessage {
  t: 'notify';
  name: string;
  payload: unknown;
}

export type WorkerMessage = ReadyMessage | ResponseMessage | NotifyMessage;

/** An Error flattened for postMessage: message, name, stack and its own primitive fields (kind, file, line...). */
export interface SerializedError {
  message: string;
  name: string;
  stack?: string;
  fields: Record<string, string | number | boolean | null>;
}

export function serializeError(err: unknown): SerializedError {
  if (!(err instanceof Error)) return { message: String(err), name: 'Error', fields: {} };
  const fields: SerializedError['fields'] = {};
  for (const key of Object.keys(err)) {
    const v = (err as unknown as Record<string, unknown>)[key];
    if (key === 'message' || key === 'name' || key === 'stack') continue;
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      fields[key] = v;
  }
  const out: SerializedError = { message: err.message, name: err.name, fields };
  if (err.stack !== undefined) out.stack = err.stack;
  return out;
}
