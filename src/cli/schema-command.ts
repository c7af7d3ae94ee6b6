import { VERBS, verbNamed } from '../verbs/table.js';
import { verbSchema } from '../verbs/schema.js';
import { closest } from './help/suggest.js';

// `botster-tui schema [VERB] [--json]`: each verb's JSON Schema, from its declaration (src/verbs/):
// what it takes and what it answers. A client generated from it (an MCP server) needs no hub: the
// schema is this install's, as its socket speaks it.

export function runSchema(
  args: string[],
  json: boolean,
  out: (s: string) => void,
  err: (s: string) => void,
): number {
  if (args.length > 1) return (err(`name one verb at most (botster-tui schema [VERB])`), 2);
  const name = args[0];
  const verb = name === undefined ? undefined : verbNamed(name);
  if (name !== undefined && !verb) {
    const guess = closest(
      name,
      VERBS.map((v) => v.name),
    );
    return (
      err(`no verb "${name}"${guess ? `; did you mean ${guess}?` : ''} (botster-tui schema lists them)`),
      2
    );
  }
  if (json) {
    out(JSON.stringify(verb ? verbSchema(verb) : VERBS.map(verbSchema), null, 2));
    return 0;
  }
  for (const v of verb ? [verb] : VERBS) {
    const s = verbSchema(v);
    const props = Object.entries(
      (s.args.properties ?? {}) as Record<string, { description?: string }>,
    ).filter(([k]) => k !== 'op');
    const required = new Set(s.args.required as string[]);
    out(`${v.name}: ${v.summary}`);
    for (const [k, p] of props) out(`  ${k}${required.has(k) ? '' : '?'}  ${p.description ?? ''}`.trimEnd());
    const answer = Object.keys((s.answer.properties ?? {}) as object);
    out(`  answers: ${answer.length ? answer.join(', ') : String(s.answer.description ?? 'an object')}`);
  }
  return 0;
}
