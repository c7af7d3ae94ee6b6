// A verb's JSON Schema (draft 2020-12), from its declaration alone: what it takes (Verb.args) and
// what it answers (Verb.answer). `botster-tui schema` prints it; the next clients (an MCP server
// generated from the verbs) read it. Nothing here is written by hand per verb.
import type { ArgSpec } from './args.js';
import type { Shape } from './shape.js';
import type { Verb } from './verb.js';

type Json = Record<string, unknown>;

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';

const described = (s: Json, doc: string | undefined): Json => (doc ? { ...s, description: doc } : s);

/** One argument's schema. */
export function argSchema(a: ArgSpec): Json {
  const s: Json = (() => {
    switch (a.type) {
      case 'agent':
        return {
          anyOf: [
            { type: 'string', minLength: 1, description: 'its number as listed, its name, or id:ID' },
            { type: 'integer', minimum: 1 },
          ],
        };
      case 'string':
        return a.nonEmpty ? { type: 'string', minLength: 1 } : { type: 'string' };
      case 'path':
        return { type: 'string', minLength: 1, pattern: '^/', description: 'an absolute path' };
      case 'boolean':
        return { type: 'boolean' };
      case 'count':
      case 'number': {
        const n: Json = { type: a.type === 'count' ? 'integer' : 'number' };
        const min = a.min ?? (a.type === 'count' ? 0 : undefined);
        if (min !== undefined) n.minimum = min;
        if (a.max !== undefined) n.maximum = a.max;
        return n;
      }
      case 'enum':
        return { type: 'string', enum: [...(a.values ?? [])] };
      case 'strings':
        return {
          type: 'array',
          items: { type: 'string' },
          ...(a.maxItems !== undefined ? { maxItems: a.maxItems } : {}),
        };
      case 'map':
        return { type: 'object', additionalProperties: { type: 'string' } };
    }
  })();
  return described(s, a.doc);
}

/** An answer's schema. */
export function shapeSchema(s: Shape): Json {
  switch (s.type) {
    case 'any':
      return described({}, s.doc);
    case 'enum':
      return described({ type: 'string', enum: [...s.values] }, s.doc);
    case 'nullable': {
      const inner = shapeSchema(s.of);
      return described({ anyOf: [inner, { type: 'null' }] }, s.doc);
    }
    case 'array':
      return described({ type: 'array', items: shapeSchema(s.of) }, s.doc);
    case 'object': {
      const keys = Object.keys(s.props);
      return described(
        {
          type: 'object',
          properties: Object.fromEntries(keys.map((k) => [k, shapeSchema(s.props[k])])),
          required: keys.filter((k) => !s.props[k].optional),
          additionalProperties: s.open === true,
        },
        s.doc,
      );
    }
    default:
      return described({ type: s.type }, s.doc);
  }
}

/** The verb's request (its arguments, with `op`) and its answer, each a JSON Schema. */
export function verbSchema(verb: Pick<Verb, 'name' | 'summary' | 'args' | 'answer' | 'stream'>): {
  name: string;
  summary: string;
  stream: boolean;
  args: Json;
  answer: Json;
} {
  const keys = Object.keys(verb.args);
  return {
    name: verb.name,
    summary: verb.summary,
    stream: verb.stream === true,
    args: {
      $schema: DRAFT,
      title: `${verb.name} request`,
      description: verb.summary,
      type: 'object',
      properties: {
        op: { const: verb.name },
        ...Object.fromEntries(keys.map((k) => [k, argSchema(verb.args[k])])),
      },
      required: ['op', ...keys.filter((k) => verb.args[k].required)],
      // op, id, v and home are every request's (docs/protocol.md); anything else is refused.
      additionalProperties: false,
      patternProperties: { '^(id|v|home)$': {} },
    },
    answer: {
      $schema: DRAFT,
      title: `${verb.name} answer`,
      ...shapeSchema(verb.answer),
    },
  };
}
