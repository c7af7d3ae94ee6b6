import meow from 'meow';
import { closest } from './help/suggest.js';
import { COMMAND_NAMES, helpBody } from './help/help.js';
import { DEFAULTS, FLAGS, type CliFlags, type ParsedArgs } from './cli-flags.js';
import { packageVersion } from '../wire/version.js';
import { shellWord } from './shell-quote.js';
import { commandWords, verbOfCommand } from './fleet-verbs.js';
import { VERB_CLI } from './verb-cli.js';

// Every command line but the client's start path (src/cli/start-args.ts): meow splits the flags
// and formats the help; on top, we answer --help/-h and --version/-v for every command and name
// the closest known flag or command for a typo. Loaded only by the commands that parse here, so
// plain botster-tui, attach and the server never pay for meow.

export type { CliFlags, ParsedArgs } from './cli-flags.js';
export { COMMAND_NAMES } from './help/help.js';

const FLAG_NAMES = Object.keys(FLAGS);
const camel = (name: string) => name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
const dashed = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
// meow wants camelCase keys (--save-case is saveCase); defaults are ours (DEFAULTS), added after.
// Every flag is a list to meow, so that one given twice is said here, after --help and --version
// (meow would throw first, and not at all for a switch).
const MEOW_FLAGS = Object.fromEntries(
  Object.entries(FLAGS).map(([name, f]) => [
    camel(name),
    { type: f.type, isMultiple: true, ...(f.short && { shortFlag: f.short }) },
  ]),
);
const SHORT = new Set(Object.values(FLAGS).flatMap((f) => (f.short ? [f.short] : [])));
// What meow reads for the package (it would look for package.json itself): this one's name and version.
const pkg = () => ({
  name: 'botster-tui',
  version: packageVersion(),
  bin: { 'botster-tui': 'bin/botster-tui' },
});
// (Only its url: the CommonJS build of the CLI has import.meta.url and nothing else of it.)
const importMeta = { url: import.meta.url } as ImportMeta;
// A value flag given with nothing after it (`--agent --home h`): empty, as the CLI always took it
// (the command then says what it needs); meow would drop it or take the next flag as its value.
const EMPTY = '\u0000';

const takesValue = (name: string) => FLAGS[name] !== undefined && FLAGS[name].type !== 'boolean';
const looksLikeFlag = (a: string | undefined) =>
  a === undefined || (a.length > 1 && a.startsWith('-') && !/^-\d/.test(a));

/**
 * Every value flag in `--flag=value` form, so meow reads values as they were typed (`--home -`,
 * `--lines -5`), and an empty one as EMPTY; after `--` nothing changes.
 */
function valuesJoined(argv: string[]): string[] {
  const out: string[] = [];
  // `read --scrollback` is a switch there (elsewhere --scrollback N sets the hub's scrollback).
  const read = commandOf(argv) === 'read';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return [...out, ...argv.slice(i)];
    if (!a.startsWith('--') || !takesValue(a.slice(2)))
      out.push(a.endsWith('=') && takesValue(a.slice(2, -1)) ? `${a}${EMPTY}` : a);
    else if (looksLikeFlag(argv[i + 1]) || (read && a === '--scrollback')) out.push(`${a}=${EMPTY}`);
    else out.push(`${a}=${argv[++i] || EMPTY}`);
  }
  return out;
}

/** The first word that is not a flag or a flag's value. */
function commandOf(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return undefined;
    if (!a.startsWith('-')) return a;
    if (a.startsWith('--') && !a.includes('=') && takesValue(a.slice(2)) && !looksLikeFlag(argv[i + 1])) i++;
  }
  return undefined;
}

/** Where in argv a flag is given the second time (as --name, --name=V or --no-name). */
function secondAt(name: string, argv: string[]): number {
  const end = argv.includes('--') ? argv.indexOf('--') : argv.length;
  const at = argv
    .slice(0, end)
    .map((a, i) => (/^--(no-)?([^=]+)/.exec(a)?.[2] === name ? i : -1))
    .filter((i) => i >= 0);
  return at[1] ?? Infinity;
}

/** How the user typed an unknown flag (`-x`, `--agnet`, `--agnet=x`, `--no-hom`), for the message. */
function spelled(key: string, argv: string[]): string {
  const name = dashed(key);
  for (const a of argv) {
    if (a === '--') break;
    const typed = a.split('=')[0];
    if (
      typed === `--${name}` ||
      typed === `--no-${name}` ||
      camel(typed.replace(/^-+(no-)?/, '')) === key ||
      (name.length === 1 && /^-[^-]/.test(a) && a.includes(name))
    )
      return typed.startsWith('--') ? typed : `-${name}`;
  }
  return name.length === 1 ? `-${name}` : `--${name}`;
}

export function parseArgs(argv: string[]): ParsedArgs {
  const command = commandOf(argv);
  const cli = meow({
    importMeta,
    argv: valuesJoined(argv),
    flags: MEOW_FLAGS,
    pkg: pkg(),
    description: false,
    allowUnknownFlags: true,
    autoHelp: false,
    autoVersion: false,
    booleanDefault: undefined,
  });
  const [first, ...args] = cli.input;
  if (first === 'help') return { kind: 'help', command: args[0] };
  const given = cli.flags as Record<string, unknown[]>;
  if (given.help.some(Boolean)) return { kind: 'help', command: first };
  if (given.version.some(Boolean)) return { kind: 'version', version: packageVersion() };
  const twice = FLAG_NAMES.filter((name) => !FLAGS[name].multiple && given[camel(name)].length > 1).sort(
    (a, b) => secondAt(a, argv) - secondAt(b, argv),
  )[0];
  if (twice) return { kind: 'usage', command: first, message: `the flag --${twice} can only be set once` };

  const known = new Set(Object.keys(MEOW_FLAGS));
  const end = argv.includes('--') ? argv.indexOf('--') : argv.length;
  // --no-home: only a switch can be turned off.
  const negated = argv.slice(0, end).filter((a) => /^--no-[^=]+$/.test(a) && takesValue(a.slice(5)));
  const unknown = [
    ...Object.keys(cli.unnormalizedFlags)
      .filter((k) => !known.has(k) && !SHORT.has(k) && k !== '--')
      .map((k) => spelled(k, argv)),
    ...negated,
  ];
  if (unknown.length > 0) {
    // The one typed first (meow keeps its own order).
    const at = (t: string) =>
      argv.findIndex(
        (a) => a === t || a.startsWith(`${t}=`) || (t.length === 2 && /^-[^-]/.test(a) && a.includes(t[1])),
      );
    const typed = unknown.sort((a, b) => at(a) - at(b))[0];
    const guess = closest(typed.replace(/^-+(no-)?/, ''), FLAG_NAMES);
    return {
      kind: 'usage',
      command,
      message: `unknown flag ${typed}${guess ? `; did you mean --${guess}?` : ''}`,
    };
  }
  if (first !== undefined && !COMMAND_NAMES.includes(first)) {
    const guess = closest(first, COMMAND_NAMES);
    const hint = guess
      ? `; did you mean ${guess}?`
      : `; to run it as an agent: botster-tui --agent ${shellWord(first)}`;
    return { kind: 'usage', message: `unknown command "${first}"${hint}` };
  }
  const stray = strayFlag(first, args, argv, (name) => given[camel(name)].length > 0);
  if (stray) return { kind: 'usage', command: first, message: stray };
  const flags: Record<string, unknown> = { ...DEFAULTS };
  for (const name of FLAG_NAMES) {
    const values = given[camel(name)].map((v) => (v === EMPTY ? '' : v));
    if (values.length === 0 || name === 'help' || name === 'version') continue;
    flags[name] = FLAGS[name].multiple ? values : values[0];
  }
  // Every word after `--` is an argument: the ones before it are the rest.
  const separator = argv.indexOf('--');
  const tail =
    separator === -1 || first === undefined
      ? undefined
      : Math.max(0, args.length - (argv.length - separator - 1));
  return {
    kind: 'run',
    command: first,
    args,
    flags: flags as unknown as CliFlags,
    ...(tail !== undefined ? { tail } : {}),
  };
}

/** Flags every verb's command takes: where the hub is, and how it answers. */
const EVERY_VERB = ['home', 'json', 'ssh', 'remote-command', 'start', 'help', 'version'];
// --agent and --machine given to the wrong verb get their own words from src/cli/fleet-cli.ts.
const SAID_THERE = ['agent', 'machine'];

/**
 * A flag that a verb's command does not take (`restart 2 --cwd /tmp`) is said, not ignored: the
 * flag, and the ones it takes. Undefined for any other command line, or when each flag is its own.
 */
function strayFlag(
  command: string | undefined,
  args: string[],
  argv: string[],
  isGiven: (name: string) => boolean,
): string | undefined {
  const verb = verbOfCommand(command, args);
  if (!verb || 'family' in verb) return undefined;
  const own = (VERB_CLI[verb.verb].flags ?? []).map((f) => f.flag);
  const takes = new Set([...own, ...EVERY_VERB, ...SAID_THERE]);
  // (the one typed first)
  const at = (name: string) => argv.findIndex((a) => /^--(no-)?([^=]+)/.exec(a)?.[2] === name);
  const stray = FLAG_NAMES.filter((name) => isGiven(name) && !takes.has(name)).sort(
    (a, b) => at(a) - at(b),
  )[0];
  if (stray === undefined) return undefined;
  const list = [...own, 'json', 'home'].map((f) => `--${f}`).join(', ');
  return `${commandWords(verb.verb)} takes no --${stray} (its flags: ${list})`;
}

/** The help of `command` (a known command), else the main help, as meow formats it. */
export function helpText(command?: string): string {
  const cli = meow(helpBody(command), {
    importMeta,
    argv: [],
    flags: {},
    pkg: pkg(),
    description: false,
    autoHelp: false,
    autoVersion: false,
  });
  return cli.help.replace(/^\n/, '');
}
