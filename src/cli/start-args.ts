import { parseArgs as parse } from 'node:util';
import { DEFAULTS, FLAGS, type CliFlags, type ParsedArgs } from './cli-flags.js';

// The client's start path (plain botster-tui, attach, and the server it starts) parses with node's
// own parseArgs, so it never loads meow: a clean command line of these few flags is read here, and
// anything else (--help, a typo, a doubtful value) goes to the full parser (src/cli/parse-args.ts),
// which says what is wrong the same way for every command.

const START_COMMANDS = new Set(['attach', 'server']);
const START_FLAGS = ['agent', 'home', 'layout', 'scrollback', 'restore', 'size'] as const;
const OPTIONS = Object.fromEntries(
  START_FLAGS.map((name) => [
    name,
    {
      type: FLAGS[name].type === 'boolean' ? ('boolean' as const) : ('string' as const),
      ...(FLAGS[name].multiple && { multiple: true }),
    },
  ]),
);

/** The parse of a clean start command line, or null for the full parser to read. */
export function startArgs(argv: string[]): (ParsedArgs & { kind: 'run' }) | null {
  let tokens;
  try {
    ({ tokens } = parse({
      args: argv,
      options: OPTIONS,
      strict: true,
      allowPositionals: true,
      tokens: true,
    }));
  } catch {
    return null; // an unknown flag, a missing or doubtful value: the full parser explains it
  }
  const positionals: string[] = [];
  const values: Record<string, unknown> = {};
  for (const t of tokens) {
    if (t.kind === 'option-terminator') return null;
    if (t.kind === 'positional') positionals.push(t.value);
    if (t.kind !== 'option') continue;
    const flag = FLAGS[t.name];
    if (flag.multiple)
      ((values[t.name] as string[] | undefined) ?? (values[t.name] = [])).push(t.value ?? '');
    else if (t.name in values)
      return null; // given twice
    else if (flag.type === 'boolean') values[t.name] = true;
    else if (flag.type === 'number') {
      if (!/^\d+$/.test(t.value ?? '')) return null;
      values[t.name] = Number(t.value);
    } else values[t.name] = t.value;
  }
  if (positionals.length > 1 || (positionals.length === 1 && !START_COMMANDS.has(positionals[0])))
    return null;
  return { kind: 'run', command: positionals[0], args: [], flags: { ...DEFAULTS, ...values } as CliFlags };
}
