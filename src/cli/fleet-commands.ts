import path from 'node:path';
import { ControlClientError, controlRequest } from '../wire/control-client.js';
import { isRemote } from '../wire/dialer.js';
import { noHubMessage, type ServerTarget } from './agent-commands.js';
import type { Out } from './terminal-out.js';
import { VERB_CLI } from './verb-cli.js';
import { commandWords } from './fleet-verbs.js';
import { printable } from '../terminal/printable.js';
import { waitingLine } from './waiting-line.js';
import { VERB_PRINT } from './verb-print.js';

// `botster-tui new | wait | read | kill | restart | rename | focus | close | run | whoami`: one request each on the hub's
// control socket (docs/protocol.md). Exit codes: src/wire/exit-codes.ts, kept as numbers here so the
// client loads nothing of the app.
const FAILED = 1;
const USAGE = 2;
const NO_HUB = 3;
const NO_AGENT = 6;
const TIMEOUT = 7;
const AGENT_EXITED = 8;
const NO_WORKTREE = 9;

export interface FleetFlags {
  json: boolean;
  name?: string;
  cwd?: string;
  worktree?: string;
  base?: string;
  profile?: string;
  focus?: boolean;
  until?: string;
  timeout?: number;
  lines?: number;
  scrollback?: boolean;
  ansi?: boolean;
  agent?: string;
  yes?: boolean;
  /** new: on this machine of the hub's settings.machines. */
  machine?: string;
}

export interface FleetIo {
  out: Out;
  err: Out;
  /** The caller's folder (undefined: it is gone, deleted under the shell). */
  cwd: string | undefined;
  env: NodeJS.ProcessEnv;
  /** The command word it was asked by (`kill` for agent.kill): its messages name it. */
  word?: string;
}

class Usage extends Error {}

/** Runs one verb; every failure is one line on stderr and an exit code. */
export async function runFleet(
  t: ServerTarget,
  verb: string,
  args: string[],
  f: FleetFlags,
  io: FleetIo,
): Promise<number> {
  try {
    const req = request(verb, args, f, io, isRemote(t.socket));
    const timeoutMs =
      verb === 'wait'
        ? f.timeout === undefined
          ? Infinity
          : f.timeout * 1000 + 10_000
        : (VERB_PRINT[verb]?.timeoutMs ?? 30_000);
    const reply = await controlRequest(
      t.socket,
      { ...req, ...(t.scope === undefined ? {} : { home: t.scope }) },
      // (a request that asks you first says so, and then waits as long as you take)
      { timeoutMs, onWaiting: (note) => io.err(waitingLine(note)) },
    );
    if (reply.ok !== true) return refused(verb, reply, f, io);
    show(verb, reply, f, io.out);
    return 0;
  } catch (e) {
    if (e instanceof Usage) return (io.err(e.message), USAGE);
    if (e instanceof ControlClientError) {
      io.err(e.code === 'NO_HUB' ? noHubMessage(t) : e.message);
      return NO_HUB;
    }
    throw e;
  }
}

/** A map flag's NAME=VALUE words, as the map the verb takes. */
function mapOf(flag: string, words: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const w of words) {
    const at = w.indexOf('=');
    if (at <= 0) throw new Usage(`--${flag} takes NAME=VALUE, got "${w}"`);
    out[w.slice(0, at)] = w.slice(at + 1);
  }
  return out;
}

/** The fields `verb`'s flags give, as its declaration says (./verb-cli.ts): `--timeout S` is timeout_ms. */
function flagFields(verb: string, f: FleetFlags): Record<string, unknown> {
  // (The flags as the command line parsed them: every flag by its name.)
  const given = f as unknown as Readonly<Record<string, unknown>>;
  const out: Record<string, unknown> = {};
  for (const flag of VERB_CLI[verb].flags ?? []) {
    const v = given[flag.flag];
    if (v === undefined) continue;
    if (flag.type === 'map') {
      out[flag.key] = mapOf(flag.flag, v as string[]);
      continue;
    }
    out[flag.key] = flag.scale !== undefined && typeof v === 'number' ? Math.round(v * flag.scale) : v;
  }
  return out;
}

function request(
  verb: string,
  args: string[],
  f: FleetFlags,
  io: FleetIo,
  overSsh: boolean,
): Record<string, unknown> & { op: string } {
  const decl = VERB_CLI[verb];
  if (decl === undefined) throw new Usage(`unknown command "${verb}"`);
  // (its command as asked: `kill`; the op sent is that older name when it is one, so a hub of an
  // earlier release, over --ssh, takes it too)
  const said = io.word && io.word !== verb.split('.')[0] ? io.word : commandWords(verb);
  const op = io.word && decl.aliases?.includes(io.word) ? io.word : verb;
  const words = decl.positional ?? [];
  const print = VERB_PRINT[verb] ?? {};
  const given = f as unknown as Readonly<Record<string, unknown>>;
  // The words: the fields the verb takes as words (new's command comes after --, below); a verb
  // whose command says its own usage (./verb-print.ts) says it, else the common words here.
  const wrong = print.usage?.(args, given);
  if (wrong !== undefined) throw new Usage(wrong);
  // (the last word takes the rest: send AGENT TEXT...)
  if (print.restWords && args.length > words.length)
    args = [...args.slice(0, words.length - 1), args.slice(words.length - 1).join(' ')];
  if (print.usage) {
    // (checked above)
  } else if (verb === 'rename' && args.length !== 2)
    throw new Usage('name the agent and its new name: botster-tui rename AGENT NAME');
  else if (words[0] === 'agent' && verb !== 'rename' && args.length !== 1)
    throw new Usage(
      `name one agent: botster-tui ${said} AGENT (its number, name or id:ID; see botster-tui ${said} --help)`,
    );
  else if (words.length === 0 && verb !== 'agent.new' && args.length > 0)
    throw new Usage(`unexpected argument "${args[0]}" (${said} takes none)`);
  if (verb === 'run' && (args.length < 1 || args.length > words.length))
    throw new Usage(
      'name the command and at most one argument: botster-tui run COMMAND [ARG] [--agent AGENT] [--yes]',
    );
  const req: Record<string, unknown> & { op: string } = {
    op,
    ...Object.fromEntries(
      words.flatMap((key, i) =>
        args[i] === undefined || (print.restWords && args[i] === '') ? [] : [[key, args[i]]],
      ),
    ),
    ...flagFields(verb, f),
    ...print.fields?.(given),
  };
  for (const k of Object.keys(req)) if (req[k] === undefined) delete req[k];
  switch (verb) {
    case 'agent.new': {
      if (args.length === 0 && !f.profile)
        throw new Usage(
          'give the command to run after --, or --profile NAME: botster-tui new [--name N] -- CMD ARGS...',
        );
      // A folder on another machine is that machine's: not resolved against ours, and ours is not
      // sent. Here the agent starts where the caller is (not where the hub was started), unless
      // --cwd (relative: to where the caller is) or its profile names a folder.
      const remote = f.machine !== undefined || overSsh;
      const here = () => {
        if (io.cwd === undefined)
          throw new Usage('the folder you are in is gone (deleted?): cd to another, or give --cwd DIR');
        return io.cwd;
      };
      if (f.cwd !== undefined && !remote) req.cwd = path.resolve(here(), f.cwd);
      if (!remote && f.cwd === undefined) req.caller_cwd = here();
      // One word is a shell command line (as --agent takes it); more are the program and its args.
      if (args.length > 0) req.command = args[0];
      if (args.length > 1) req.args = args.slice(1);
      if (f.base !== undefined && f.worktree === undefined)
        throw new Usage('--base goes with --worktree (the branch the new worktree starts from)');
      if (!f.machine) delete req.machine;
      return req;
    }
    case 'wait':
      if (!f.until)
        throw new Usage('say what to wait for: --until waiting|idle|done|running|exited|output:REGEX');
      if (f.timeout !== undefined && !(f.timeout >= 0))
        throw new Usage('--timeout must be a number of seconds');
      if (f.until.startsWith('output:')) {
        try {
          new RegExp(f.until.slice(7), 'm');
        } catch (e) {
          throw new Usage(`--until ${f.until}: not a valid regular expression: ${(e as Error).message}`);
        }
      }
      return req;
    case 'read':
      if (f.lines !== undefined && !(Number.isInteger(f.lines) && f.lines >= 0))
        throw new Usage('--lines must be a whole number');
      return req;
    case 'run':
      // An agent's own request is marked: some commands are only the user's (improvements.accept).
      return { ...req, from_agent: Boolean(io.env.BOTSTER_AGENT_ID) };
    default:
      return req;
  }
}

function refused(verb: string, reply: Record<string, unknown>, f: FleetFlags, io: FleetIo): number {
  const print = VERB_PRINT[verb] ?? {};
  const own = print.codes?.[String(reply.reason)];
  const code = (
    {
      no_agent: NO_AGENT,
      usage: USAGE,
      no_profile: USAGE,
      no_command: USAGE,
      timeout: TIMEOUT,
      no_worktree: NO_WORKTREE,
    } as Record<string, number>
  )[String(reply.reason)];
  const exited = reply.reason === 'exited' ? (verb === 'wait' ? AGENT_EXITED : NO_AGENT) : undefined;
  // --json: the verb's typed answer whatever came of it, as the socket, Lua and a web POST have it.
  if (f.json && !print.silent && !print.quietRefusal) io.out(JSON.stringify(strip(reply)));
  io.err(printable(String(reply.error)));
  return own ?? exited ?? code ?? FAILED;
}

function strip(reply: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, v: _v, home: _home, ...rest } = reply;
  return rest;
}

function show(verb: string, reply: Record<string, unknown>, f: FleetFlags, out: Out): void {
  const print = VERB_PRINT[verb] ?? {};
  if (print.silent) return;
  if (f.json) return out(JSON.stringify(print.json ? print.json(strip(reply)) : strip(reply)));
  for (const line of print.text?.(reply, f as unknown as Readonly<Record<string, unknown>>) ?? []) out(line);
}
