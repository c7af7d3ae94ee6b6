import { parseArgs as parse } from 'node:util';
import { closest } from './suggest.js';
import { COMMAND_NAMES } from './help.js';
import { packageVersion } from '../server/version.js';

// Parsing only: node:util's parseArgs splits the flags (meow, ~120 KB of yargs, cost every start
// ~15 ms); we answer --help/-h, --version/-v for every command and report unknown flags and
// commands ourselves, with the closest known name.

type Kind = 'string' | 'number' | 'boolean';
const FLAGS: Record<string, { type: Kind; multiple?: boolean; short?: string }> = {
  agent: { type: 'string', multiple: true },
  home: { type: 'string' },
  layout: { type: 'string' },
  scrollback: { type: 'number' },
  size: { type: 'string' },
  wait: { type: 'number' },
  ansi: { type: 'boolean' },
  keys: { type: 'string' },
  markdown: { type: 'boolean' },
  live: { type: 'boolean' },
  restore: { type: 'boolean' },
  json: { type: 'boolean' },
  explain: { type: 'boolean' },
  file: { type: 'string' },
  program: { type: 'string' },
  'save-case': { type: 'string' },
  state: { type: 'string' },
  reason: { type: 'string' },
  session: { type: 'string' },
  stdin: { type: 'boolean' },
  'if-in-hub': { type: 'boolean' },
  install: { type: 'boolean' },
  name: { type: 'string' },
  cwd: { type: 'string' },
  worktree: { type: 'string' },
  profile: { type: 'string' },
  focus: { type: 'boolean' },
  until: { type: 'string' },
  timeout: { type: 'number' },
  lines: { type: 'number' },
  yes: { type: 'boolean' },
  ssh: { type: 'string' },
  'remote-command': { type: 'string' },
  start: { type: 'boolean' },
  machine: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
};
const DEFAULTS = { size: '120x40', wait: 500, ansi: false, markdown: false, live: false, restore: false, json: false, explain: false };

export interface CliFlags {
  agent?: string[];
  home?: string;
  layout?: string;
  scrollback?: number;
  size: string;
  wait: number;
  ansi: boolean;
  keys?: string;
  markdown: boolean;
  live: boolean;
  restore: boolean;
  json: boolean;
  explain: boolean;
  file?: string;
  program?: string;
  'save-case'?: string;
  /** report */
  state?: string;
  reason?: string;
  session?: string;
  stdin?: boolean;
  'if-in-hub'?: boolean;
  /** hooks */
  install?: boolean;
  /** new, wait, read, run */
  name?: string;
  cwd?: string;
  worktree?: string;
  profile?: string;
  focus?: boolean;
  until?: string;
  timeout?: number;
  lines?: number;
  yes?: boolean;
  /** Any client command: the hub of this host, through ssh and botster-tui proxy there. */
  ssh?: string;
  /** --ssh: how the remote shell runs botster-tui (default botster-tui). */
  'remote-command'?: string;
  /** proxy: --no-start says there is no hub instead of starting one. */
  start?: boolean;
  /** new: start the agent on this machine of settings.machines. */
  machine?: string;
}

export type ParsedArgs =
  | { kind: 'help'; command?: string }
  | { kind: 'version'; version: string }
  | { kind: 'usage'; message: string; command?: string }
  | { kind: 'run'; command?: string; args: string[]; flags: CliFlags; /** Where in args the words after `--` start (new -- CMD...). */ tail?: number };

const FLAG_NAMES = Object.keys(FLAGS);
const takesValue = (name: string) => FLAGS[name] !== undefined && FLAGS[name].type !== 'boolean';
const looksLikeFlag = (a: string | undefined) => a === undefined || (a.length > 1 && a.startsWith('-') && !/^-\d/.test(a));

/**
 * `--agent` right before another flag (or at the end) has an empty value, as it always had (the
 * caller says "--agent needs a command"); node's parser would take the next flag as the value.
 */
function emptyValues(argv: string[]): string[] {
  const out: string[] = [];
  // `read --scrollback` is a switch there (elsewhere --scrollback N sets the hub's scrollback).
  const read = commandOf(argv) === 'read';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return [...out, ...argv.slice(i)];
    const empty = a.startsWith('--') && !a.includes('=') && takesValue(a.slice(2)) && (looksLikeFlag(argv[i + 1]) || (read && a === '--scrollback'));
    out.push(empty ? `${a}=` : a);
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

export function parseArgs(argv: string[]): ParsedArgs {
  const options = Object.fromEntries(
    Object.entries(FLAGS).map(([name, f]) => [name, { type: f.type === 'boolean' ? ('boolean' as const) : ('string' as const), ...(f.multiple && { multiple: true }), ...(f.short && { short: f.short }) }]),
  );
  const { tokens } = parse({ args: emptyValues(argv), options, strict: false, allowPositionals: true, tokens: true });
  const positionals: string[] = [];
  const values: Record<string, unknown> = {};
  const unknown: string[] = [];
  let twice: string | undefined;
  let tailAt: number | undefined;
  for (const t of tokens) {
    if (t.kind === 'option-terminator') tailAt = positionals.length;
    if (t.kind === 'positional') positionals.push(t.value);
    if (t.kind !== 'option') continue;
    // --no-json: a boolean flag turned off.
    const negated = t.name.startsWith('no-') && FLAGS[t.name.slice(3)]?.type === 'boolean' && t.value === undefined;
    const name = negated ? t.name.slice(3) : t.name;
    const flag = FLAGS[name];
    if (!flag) {
      unknown.push(t.rawName);
      continue;
    }
    let value: unknown;
    if (flag.type === 'boolean') value = negated ? false : t.value === undefined ? true : t.value !== 'false';
    else if (flag.type === 'number') value = t.value ? Number(t.value) : NaN;
    else value = t.value ?? '';
    if (flag.multiple) (values[name] as unknown[] | undefined)?.push(value) ?? (values[name] = [value]);
    else {
      if (name in values) twice ??= name;
      values[name] = value;
    }
  }
  const [command, ...args] = positionals;
  if (command === 'help') return { kind: 'help', command: args[0] };
  if (values.help) return { kind: 'help', command };
  if (values.version) return { kind: 'version', version: packageVersion() };
  if (twice) return { kind: 'usage', command, message: `the flag --${twice} can only be set once` };

  if (unknown.length > 0) {
    const typed = unknown[0];
    const guess = closest(typed.replace(/^-+(no-)?/, ''), FLAG_NAMES);
    return { kind: 'usage', command, message: `unknown flag ${typed}${guess ? `; did you mean --${guess}?` : ''}` };
  }
  if (command !== undefined && !COMMAND_NAMES.includes(command)) {
    const guess = closest(command, COMMAND_NAMES);
    const hint = guess ? `; did you mean ${guess}?` : `; to run it as an agent: botster-tui --agent ${quote(command)}`;
    return { kind: 'usage', message: `unknown command "${command}"${hint}` };
  }
  const flags = { ...DEFAULTS, ...values } as CliFlags;
  return { kind: 'run', command, args, flags, ...(tailAt !== undefined && command !== undefined ? { tail: Math.max(0, tailAt - 1) } : {}) };
}

function quote(s: string): string {
  return /^[\w./~=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
