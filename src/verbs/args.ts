// A verb's arguments, described once (Verb.args) and checked by one function for every caller: the
// socket, `--ssh` (the other hub's socket), the browser and Lua's app:verb. A field the verb does
// not list is refused, so a misspelt argument is an error, never a silent default.
import { ControlError, type ControlRequest } from '../wire/control-request.js';

export interface ArgSpec {
  /**
   * `agent`: an agent as the socket names one (its number as listed, its name, or id:ID; a whole
   * number too, as Lua passes `2`); `string`; `boolean`; `count`: a whole number, 0 or more.
   */
  type: 'agent' | 'string' | 'boolean' | 'count';
  /** It must be given. */
  required?: boolean;
}

export type VerbArgs = Readonly<Record<string, ArgSpec>>;

/** What every request carries besides its verb's arguments (wire/control-request.ts). */
const ENVELOPE = new Set(['op', 'id', 'v', 'home']);

/** What a request that names no agent, or not as one, is told (the socket's words since the start). */
export const NAME_AN_AGENT = 'name an agent: its number as listed, its name, or id:ID';

/** The request with its arguments checked (an agent's number made the socket's text); throws why not. */
export function checkArgs(verb: string, args: VerbArgs | undefined, req: ControlRequest): ControlRequest {
  if (!args) return req;
  const out: ControlRequest = { ...req };
  for (const key of Object.keys(req)) {
    if (ENVELOPE.has(key) || Object.hasOwn(args, key)) continue;
    const takes = Object.keys(args);
    throw usage(
      `${verb}: unknown argument "${key}" (${takes.length ? `it takes ${takes.join(', ')}` : 'it takes none'})`,
    );
  }
  for (const [key, spec] of Object.entries(args)) {
    const v = req[key];
    if (v === undefined || v === null) {
      if (spec.required) throw usage(spec.type === 'agent' ? NAME_AN_AGENT : `${verb}: give ${key}`);
      delete out[key];
    } else out[key] = checked(verb, key, spec, v);
  }
  return out;
}

function checked(verb: string, key: string, spec: ArgSpec, v: unknown): unknown {
  switch (spec.type) {
    case 'agent':
      if (typeof v === 'number' && Number.isInteger(v) && v > 0) return String(v);
      if (typeof v === 'string' && v.trim() !== '') return v;
      throw usage(NAME_AN_AGENT);
    case 'string':
      if (typeof v === 'string') return v;
      throw usage(`${verb}: ${key} must be a string`);
    case 'boolean':
      if (typeof v === 'boolean') return v;
      throw usage(`${verb}: ${key} must be true or false`);
    case 'count':
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
      throw usage(`${verb}: ${key} must be a whole number`);
  }
}

const usage = (message: string) => new ControlError(message, { reason: 'usage' });
