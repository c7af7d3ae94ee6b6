// The CLI's flags as data, for both parsers: src/cli/start-args.ts (the client's start path, on
// node's own parseArgs) and src/cli/parse-args.ts (every other command line, on meow). A verb's
// flags come from its declaration (src/verbs/, through src/cli/verb-cli.ts); the rest are here.
import { VERB_CLI } from './verb-cli.js';

export type FlagType = 'string' | 'number' | 'boolean';
export interface FlagSpec {
  type: FlagType;
  multiple?: boolean;
  short?: string;
}

/** The flags of no verb, or of another type than a verb's (--agent is repeatable at the start). */
const OWN: Readonly<Record<string, FlagSpec>> = {
  agent: { type: 'string', multiple: true },
  home: { type: 'string' },
  layout: { type: 'string' },
  scrollback: { type: 'number' },
  size: { type: 'string' },
  wait: { type: 'number' },
  markdown: { type: 'boolean' },
  update: { type: 'boolean' },
  live: { type: 'boolean' },
  render: { type: 'boolean' },
  restore: { type: 'boolean' },
  json: { type: 'boolean' },
  file: { type: 'string' },
  program: { type: 'string' },
  title: { type: 'string' },
  progress: { type: 'string' },
  'cli-version': { type: 'string' },
  all: { type: 'boolean' },
  stdin: { type: 'boolean' },
  'if-in-hub': { type: 'boolean' },
  config: { type: 'string' },
  install: { type: 'boolean' },
  ssh: { type: 'string' },
  'remote-command': { type: 'string' },
  start: { type: 'boolean' },
  var: { type: 'string', multiple: true },
  id: { type: 'string' },
  grant: { type: 'string' },
  from: { type: 'string' },
  port: { type: 'number' },
  'read-only': { type: 'boolean' },
  'not-handled': { type: 'boolean' },
  listen: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
};

export const FLAGS: Readonly<Record<string, FlagSpec>> = {
  ...Object.fromEntries(
    Object.values(VERB_CLI).flatMap((v) =>
      (v.flags ?? []).map((f) =>
        // (a map's flag is given once per NAME=VALUE)
        f.type === 'map'
          ? ([f.flag, { type: 'string', multiple: true }] as const)
          : ([f.flag, { type: f.type }] as const),
      ),
    ),
  ),
  ...OWN,
};

export const DEFAULTS = {
  size: '120x40',
  wait: 500,
  ansi: false,
  markdown: false,
  live: false,
  restore: false,
  json: false,
  explain: false,
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
  /** test: write the golden frames as they are now */
  update?: boolean;
  live: boolean;
  /** check --render */
  render?: boolean;
  restore: boolean;
  json: boolean;
  explain: boolean;
  file?: string;
  program?: string;
  /** status --file: the terminal title; --progress: OSC 9;4 progress */
  title?: string;
  progress?: string;
  /** status --file: the CLI release the screen came from (a CLI file's `versions`) */
  'cli-version'?: string;
  /** cases drop --all */
  all?: boolean;
  'save-case'?: string;
  /** report */
  state?: string;
  reason?: string;
  session?: string;
  stdin?: boolean;
  'if-in-hub'?: boolean;
  config?: string;
  /** hooks */
  install?: boolean;
  /** new, wait, read, run */
  name?: string;
  cwd?: string;
  worktree?: string;
  /** new --worktree: the branch to start from */
  base?: string;
  profile?: string;
  focus?: boolean;
  until?: string;
  timeout?: number;
  lines?: number;
  yes?: boolean;
  /** pipeline run: NAME=VALUE (repeatable), the pipeline's id */
  var?: string[];
  id?: string;
  /** plugin add|update: the capabilities granted (a comma list, or all) */
  grant?: string;
  /** plugin new --from improvement IMP */
  from?: string;
  /** Any client command: the hub of this host, through ssh and botster-tui proxy there. */
  ssh?: string;
  /** --ssh: how the remote shell runs botster-tui (default botster-tui). */
  'remote-command'?: string;
  /** proxy: --no-start says there is no hub instead of starting one. */
  start?: boolean;
  /** new: start the agent on this machine of settings.machines. */
  machine?: string;
  /** web: its port, a read-only session, a non-loopback address (with TLS: cert and key files) */
  port?: number;
  'read-only'?: boolean;
  listen?: string;
  cert?: string;
  key?: string;
}

export type ParsedArgs =
  | { kind: 'help'; command?: string }
  | { kind: 'version'; version: string }
  | { kind: 'usage'; message: string; command?: string }
  | {
      kind: 'run';
      command?: string;
      args: string[];
      flags: CliFlags;
      /** Where in args the words after `--` start (new -- CMD...). */ tail?: number;
    };
