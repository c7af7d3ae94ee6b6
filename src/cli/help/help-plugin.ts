// `botster-tui plugin`'s subcommands, once: `--help`, `plugin --help` and plugin's usage error
// all say this list (src/cli/plugin-command.ts runs them; a test holds the two together).

/** Each subcommand (or those that take the same arguments, a|b) and its arguments. */
export const PLUGIN_SUBCOMMANDS: ReadonlyArray<readonly [string, string]> = [
  ['add', 'SOURCE[@REF] [--grant CAP,...|all]'],
  ['install', '[--grant CAP,...|all]'],
  ['ls', '[--json]'],
  ['search', '[WORDS]... [--update] [--json]'],
  ['info', 'NAME [--json]'],
  ['update', '[NAME[@REF]]... [--grant CAP,...|all]'],
  ['restore', '[NAME]...'],
  ['remove|enable|disable', 'NAME'],
  ['grant|revoke', 'NAME CAP...'],
  ['new', 'NAME [--from improvement IMP] [DIR]'],
  ['check', 'DIR'],
];

/** One line: every subcommand with its arguments, without the flags (`plugin --help` has those). */
export const PLUGIN_USAGE = `plugin ${PLUGIN_SUBCOMMANDS.map(([name, args]) =>
  [name, args.replace(/\s*\[--[^\]]*\]/g, '')].filter(Boolean).join(' '),
).join(' | ')}`;

/** `plugin --help`'s Usage lines. */
export const PLUGIN_USAGE_LINES = PLUGIN_SUBCOMMANDS.map(
  ([name, args]) => `    $ botster-tui plugin ${name} ${args}`,
).join('\n');
