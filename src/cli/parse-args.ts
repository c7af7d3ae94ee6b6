import meow from 'meow';
import { closest } from './suggest.js';
import { COMMAND_NAMES } from './help.js';

// Parsing only: meow/yargs splits the flags; we answer --help/-h, --version/-v for every command and
// report unknown flags and commands ourselves, with the closest known name.

const FLAGS = {
  agent: { type: 'string', isMultiple: true },
  home: { type: 'string' },
  layout: { type: 'string' },
  scrollback: { type: 'number' },
  size: { type: 'string', default: '120x40' },
  wait: { type: 'number', default: 500 },
  ansi: { type: 'boolean', default: false },
  keys: { type: 'string' },
  markdown: { type: 'boolean', default: false },
  live: { type: 'boolean', default: false },
  restore: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', shortFlag: 'h', default: false },
  version: { type: 'boolean', shortFlag: 'v', default: false },
} as const;

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
}

export type ParsedArgs =
  | { kind: 'help'; command?: string }
  | { kind: 'version'; version: string }
  | { kind: 'usage'; message: string; command?: string }
  | { kind: 'run'; command?: string; args: string[]; flags: CliFlags };

const FLAG_NAMES = Object.keys(FLAGS);
const SHORT: Record<string, string> = { h: 'help', v: 'version' };

/** How the user typed an unknown flag (`-x`, `--agnet`, `--agnet=x`), for the message. */
function spelled(key: string, argv: string[]): string {
  const dashed = key.length === 1 ? `-${key}` : `--${key}`;
  for (const a of argv) {
    if (a === '--') break;
    const name = a.split('=')[0];
    if (name === dashed || name === `--no-${key}` || (key.length === 1 && /^-[^-]/.test(a) && a.includes(key))) return name;
  }
  return dashed;
}

export function parseArgs(argv: string[], importMeta: ImportMeta): ParsedArgs {
  let cli;
  try {
    cli = meow({ importMeta, argv, flags: FLAGS, allowUnknownFlags: true, autoHelp: false, autoVersion: false });
  } catch (err) {
    // meow throws plain errors, e.g. "The flag --home can only be set once."
    const message = (err as Error).message.replace(/\.$/, '');
    return { kind: 'usage', message: message.charAt(0).toLowerCase() + message.slice(1) };
  }
  const [command, ...args] = cli.input;
  if (command === 'help') return { kind: 'help', command: args[0] };
  const f = cli.flags as Record<string, unknown>;
  if (f.help) return { kind: 'help', command };
  if (f.version) return { kind: 'version', version: cli.pkg.version ?? '0.0.0' };

  const separator = argv.indexOf('--');
  const unknown = Object.keys(cli.unnormalizedFlags).filter((k) => !FLAG_NAMES.includes(k) && !(k in SHORT) && k !== '--');
  if (unknown.length > 0) {
    // yargs also reports --foo-bar as fooBar; name the flag once, as typed.
    const typed = spelled(unknown.find((k) => k.includes('-')) ?? unknown[0], separator === -1 ? argv : argv.slice(0, separator));
    const guess = closest(typed.replace(/^-+(no-)?/, ''), FLAG_NAMES);
    return { kind: 'usage', command, message: `unknown flag ${typed}${guess ? `; did you mean --${guess}?` : ''}` };
  }
  if (command !== undefined && !COMMAND_NAMES.includes(command)) {
    const guess = closest(command, COMMAND_NAMES);
    const hint = guess ? `; did you mean ${guess}?` : `; to run it as an agent: botster-tui --agent ${quote(command)}`;
    return { kind: 'usage', message: `unknown command "${command}"${hint}` };
  }
  const flags = cli.flags as unknown as CliFlags;
  return { kind: 'run', command, args, flags };
}

function quote(s: string): string {
  return /^[\w./~=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
