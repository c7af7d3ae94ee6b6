// A verb's answer, declared once in its file (Verb.answer): the same declaration is its TypeScript
// type (Answer<typeof shape>, which `act` must return: checked by tsc, no cast) and its JSON Schema
// (./schema.ts), so a client generated from the schema (an MCP server) reads what the verb returns.
// Small on purpose: the shapes the verbs answer, not all of JSON Schema.

export type Shape =
  | { type: 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'any'; doc?: string; optional?: true }
  | { type: 'enum'; values: readonly string[]; doc?: string; optional?: true }
  | { type: 'nullable'; of: Shape; doc?: string; optional?: true }
  | { type: 'array'; of: Shape; doc?: string; optional?: true }
  | { type: 'object'; props: Readonly<Record<string, Shape>>; open?: boolean; doc?: string; optional?: true };

type Prim = { string: string; number: number; integer: number; boolean: boolean; null: null; any: unknown };
type OptionalKeys<P> = { [K in keyof P]: P[K] extends { optional: true } ? K : never }[keyof P];
type Flat<T> = { [K in keyof T]: T[K] };

/** The TypeScript type a shape declares (any Shape at all, not yet known: unknown, not an endless type). */
export type Answer<S> = [Shape] extends [S]
  ? unknown
  : S extends { type: 'enum'; values: readonly (infer V)[] }
    ? V
    : S extends { type: 'nullable'; of: infer O }
      ? Answer<O> | null
      : S extends { type: 'array'; of: infer O }
        ? Answer<O>[]
        : S extends { type: 'object'; props: infer P }
          ? Flat<
              { [K in Exclude<keyof P, OptionalKeys<P>>]: Answer<P[K]> } & {
                [K in OptionalKeys<P>]?: Answer<P[K]>;
              }
            >
          : S extends { type: infer T extends keyof Prim }
            ? Prim[T]
            : never;

// The builders keep the literal types Answer reads (`as const` everywhere, without writing it).
const d = (doc?: string) => (doc === undefined ? {} : { doc });
export const str = (doc?: string) => ({ type: 'string', ...d(doc) }) as { type: 'string'; doc?: string };
export const num = (doc?: string) => ({ type: 'number', ...d(doc) }) as { type: 'number'; doc?: string };
export const int = (doc?: string) => ({ type: 'integer', ...d(doc) }) as { type: 'integer'; doc?: string };
export const bool = (doc?: string) => ({ type: 'boolean', ...d(doc) }) as { type: 'boolean'; doc?: string };
/** Anything JSON (a record another module owns: a pipeline run, the policy's decision). */
export const any = (doc?: string) => ({ type: 'any', ...d(doc) }) as { type: 'any'; doc?: string };
export const oneOf = <const V extends readonly string[]>(values: V, doc?: string) =>
  ({ type: 'enum', values, ...d(doc) }) as { type: 'enum'; values: V; doc?: string };
export const nullable = <S extends Shape>(of: S, doc?: string) =>
  ({ type: 'nullable', of, ...d(doc) }) as { type: 'nullable'; of: S; doc?: string };
export const list = <S extends Shape>(of: S, doc?: string) =>
  ({ type: 'array', of, ...d(doc) }) as { type: 'array'; of: S; doc?: string };
export const obj = <P extends Record<string, Shape>>(props: P, doc?: string) =>
  ({ type: 'object', props, ...d(doc) }) as { type: 'object'; props: P; doc?: string };
/** An object that may carry fields besides these (an agent's row grows: readers take what they know). */
export const open = <P extends Record<string, Shape>>(props: P, doc?: string) =>
  ({ type: 'object', props, open: true, ...d(doc) }) as {
    type: 'object';
    props: P;
    open: true;
    doc?: string;
  };
/** A field that may be absent. */
export const opt = <S extends Shape>(s: S) => ({ ...s, optional: true }) as S & { optional: true };

/** `{ id, name }`: how most answers name the agent they acted on. */
export const agentRef = obj({ id: str('its number, as listed'), name: str() });
