// A verb's arguments, described once (Verb.args) and checked by one function for every caller: the
// socket, `--ssh` (the other hub's socket), the browser and Lua's app:verb. A field the verb does
// not list is refused, so a misspelt argument is an error, never a silent default. The same
// description gives the verb's JSON Schema (./schema.ts), its CLI command's flags and `--help`
// lines, and docs/protocol.md's table: nothing else lists a verb's fields.
import path from 'node:path';
import { ControlError, type ControlRequest } from '../wire/control-request.js';

export interface ArgSpec {
  /**
   * `agent`: an agent as the socket names one (its number as listed, its name, or id:ID; a whole
   * number too, as Lua passes `2`); `string`; `path`: an absolute path; `boolean`; `count`: a whole
   * number, 0 or more; `number`: any finite number (within `min`/`max`); `enum`: one of `values`;
   * `strings`: a list of strings; `map`: an object whose values are read as strings.
   */
  type: 'agent' | 'string' | 'path' | 'boolean' | 'count' | 'number' | 'enum' | 'strings' | 'map';
  /** It must be given. */
  required?: boolean;
  /** One line for the schema, `--help` and docs/protocol.md. */
  doc?: string;
  /** enum: the values it takes. */
  values?: readonly string[];
  /** number, count: the bounds (inclusive). */
  min?: number;
  max?: number;
  /** string, path, strings: not empty, no NUL (what reaches a process's argv or a file name). */
  nonEmpty?: boolean;
  /** strings: at most this many. */
  maxItems?: number;
  /** What a wrong (or missing) value is told, when the verb's words predate this checker (scripts read them). */
  error?: string;
  /** Its CLI command's flag (src/cli/verb-cli.ts, made from this), or `false`: the CLI fills it itself. */
  cli?: false | CliHint;
}

export interface CliHint {
  /** The flag's name (default: the key with dashes). */
  flag?: string;
  /** A word of the command line instead of a flag (in the order the verb lists them). */
  positional?: boolean;
  /** The flag's value as `--help` names it (`--lines N`). */
  placeholder?: string;
  /** `--help`'s words, when the command line's differ from the socket's (`doc`). */
  doc?: string;
  /** A switch shown as `--no-FLAG` (its default is true). */
  negated?: boolean;
  /** The flag's number times this is the field's (`--timeout S`: timeout_ms). */
  scale?: number;
}

export type VerbArgs = Readonly<Record<string, ArgSpec>>;

/** What the checker lets through for one argument, as TypeScript sees it (an agent: the socket's text). */
type ArgValue<A> = A extends { type: 'boolean' }
  ? boolean
  : A extends { type: 'count' | 'number' }
    ? number
    : A extends { type: 'strings' }
      ? string[]
      : A extends { type: 'map' }
        ? Record<string, string>
        : A extends { type: 'enum'; values: readonly (infer V)[] }
          ? V
          : string;
type Flat<T> = { [K in keyof T]: T[K] };

/** A request as `act` gets it once checked: its declared fields, typed (no cast in a verb). */
export type ArgsOf<A extends VerbArgs> = Flat<
  { readonly [K in keyof A as A[K] extends { required: true } ? K : never]: ArgValue<A[K]> } & {
    readonly [K in keyof A as A[K] extends { required: true } ? never : K]?: ArgValue<A[K]>;
  }
>;

/** What every request carries besides its verb's arguments (wire/control-request.ts). */
export const ENVELOPE = new Set(['op', 'id', 'v', 'home', 'waiting']);

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
      if (spec.required)
        throw usage(spec.type === 'agent' ? NAME_AN_AGENT : (spec.error ?? `${verb}: give ${key}`));
      delete out[key];
    } else out[key] = checked(verb, key, spec, v);
  }
  return out;
}

const noNul = (s: string) => !s.includes('\0');

function checked(verb: string, key: string, spec: ArgSpec, v: unknown): unknown {
  const bad = (words: string) => usage(spec.error ?? `${verb}: ${key} ${words}`);
  switch (spec.type) {
    case 'agent':
      if (typeof v === 'number' && Number.isInteger(v) && v > 0) return String(v);
      if (typeof v === 'string' && v.trim() !== '') return v;
      throw usage(NAME_AN_AGENT);
    case 'string':
      if (typeof v === 'string' && (!spec.nonEmpty || (v.trim() !== '' && noNul(v)))) return v;
      throw bad(spec.nonEmpty ? 'must be a non-empty string' : 'must be a string');
    case 'path':
      if (typeof v !== 'string' || v.trim() === '' || !noNul(v)) throw bad('must be a non-empty string');
      if (!path.isAbsolute(v)) throw usage(`${key} must be an absolute path, got "${v}"`);
      return v;
    case 'boolean':
      if (typeof v === 'boolean') return v;
      throw bad('must be true or false');
    case 'count':
    case 'number': {
      const whole = spec.type === 'count';
      const min = spec.min ?? (whole ? 0 : -Infinity);
      const max = spec.max ?? Infinity;
      if (
        typeof v === 'number' &&
        Number.isFinite(v) &&
        (!whole || Number.isInteger(v)) &&
        v >= min &&
        v <= max
      )
        return v;
      throw bad(whole ? 'must be a whole number' : `must be a number${bounds(min, max)}`);
    }
    case 'enum':
      if (typeof v === 'string' && (spec.values ?? []).includes(v)) return v;
      throw bad(`must be one of ${(spec.values ?? []).join(', ')}, got ${JSON.stringify(v)}`);
    case 'strings':
      if (
        Array.isArray(v) &&
        v.length <= (spec.maxItems ?? Infinity) &&
        v.every((s) => typeof s === 'string' && (!spec.nonEmpty || noNul(s)))
      )
        return v;
      throw bad('must be a list of strings');
    case 'map':
      if (typeof v === 'object' && !Array.isArray(v))
        return Object.fromEntries(
          Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, String(x)]),
        );
      throw bad('must be an object');
  }
}

const bounds = (min: number, max: number) =>
  min > -Infinity && max < Infinity ? ` from ${min} to ${max}` : min > -Infinity ? `, ${min} or more` : '';

const usage = (message: string) => new ControlError(message, { reason: 'usage' });

/** A request once its verb's arguments `A` were checked. */
export type Checked<A extends VerbArgs> = ControlRequest & ArgsOf<A>;
