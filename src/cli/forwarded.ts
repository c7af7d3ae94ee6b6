import os from 'node:os';
import path from 'node:path';
import {
  ControlError,
  type ControlContext,
  type ControlHandler,
  type ControlRequest,
} from '../wire/control-request.js';
import { boxSocketOf } from '../wire/socket-path.js';
import { packageVersion } from '../wire/version.js';
import type { CliIo } from './cli-io.js';
import type { ParsedArgs } from './cli-flags.js';
import { loopbackDialer } from './loopback.js';
import { stderrLines } from './terminal-out.js';

// The `cli` op: an agent-side command line (`report`, `statusline`, `message-hook`, `permission-hook`,
// `send`, `read`, `agents`, `status`, `whoami`, `wait`, `push FILE` with the file the client read, and
// `tmux ...`) that the native client (src/native/client/forward.c) hands the hub server instead of
// booting node for it, as tmux's own client hands its
// server a command. The CLI's own code runs it here, with the caller's environment, folder and
// stdin; its requests reach this server in-process (./loopback.ts) on the caller's connection, so
// the kernel's word on who asks holds as for the node client. What the command wrote comes back
// with its exit code; a command line this server does not run here (another home's socket, --ssh,
// what needs Lua) is refused with reason `elsewhere`: the native client hands it to node.

/** The commands answered here (every other one is node's). */
const HERE = new Set([
  'push',
  'report',
  'statusline',
  'message-hook',
  'permission-hook',
  'send',
  'read',
  'agents',
  'status',
  'whoami',
  'wait',
]);

/** A command line the client should give node instead. */
const elsewhere = (why: string) => new ControlError(`not run by the server: ${why}`, { reason: 'elsewhere' });

/** `fail()` in the CLI: said, then this exit code. */
class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

interface Caller {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin: string;
  /** `push FILE`: the file as the client read it (never read here, with the server's rights). */
  file?: string;
}

function callerOf(req: ControlRequest): Caller {
  const { argv, cwd, env, stdin, file } = req;
  if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string'))
    throw new ControlError('"argv" must be a list of strings', { reason: 'usage' });
  if (typeof cwd !== 'string' || !path.isAbsolute(cwd))
    throw new ControlError('"cwd" must be an absolute path', { reason: 'usage' });
  if (env === null || typeof env !== 'object' || Array.isArray(env))
    throw new ControlError('"env" must be an object of strings', { reason: 'usage' });
  const vars: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env as Record<string, unknown>)) if (typeof v === 'string') vars[k] = v;
  if (stdin !== undefined && typeof stdin !== 'string')
    throw new ControlError('"stdin" must be base64', { reason: 'usage' });
  if (file !== undefined && typeof file !== 'string')
    throw new ControlError('"file" must be base64', { reason: 'usage' });
  return {
    argv,
    cwd,
    env: vars,
    stdin: stdin === undefined ? '' : Buffer.from(stdin, 'base64').toString('utf8'),
    ...(file !== undefined ? { file: Buffer.from(file, 'base64').toString('utf8') } : {}),
  };
}

/** A path as the caller's process would take it: ~ its HOME, relative to its folder. */
const callerPath = (p: string, c: Caller) =>
  path.resolve(
    c.cwd,
    (p === '~' || p.startsWith('~/')) && c.env.HOME ? path.join(c.env.HOME, p.slice(1)) : p,
  );

export interface CliOpHost {
  /** The server's socket: a command line that would reach another is not this server's to run. */
  socket: string;
  home: string;
  /** The whole control handler, for the command's own requests. */
  handler: () => Promise<ControlHandler>;
}

/** Answers a `cli` request: `{ code, out, err }` (out, err: base64), and `run` for the caller to run after. */
export async function cliOp(
  host: CliOpHost,
  req: ControlRequest,
  ctx: ControlContext,
): Promise<Record<string, unknown>> {
  const caller = callerOf(req);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  // The user's status line runs in the caller, after the reply (never the server's child: an
  // agent's command stays in the agent's process tree, its box included).
  let then: { command: string; cwd: string; ms: number } | undefined;
  const handler = await host.handler();
  // (a boxed agent reaches this socket through its boxes' folder: src/box/)
  const ours = [host.socket, boxSocketOf(host.socket)];
  const endpoint = (socket: string) => {
    if (!ours.includes(path.resolve(caller.cwd, socket)))
      throw elsewhere(`${socket} is another hub's socket`);
    return loopbackDialer(socket, handler, ctx, host.home, packageVersion());
  };
  const io: CliIo = {
    env: caller.env,
    cwd: () => caller.cwd,
    stdout: (t) => void out.push(Buffer.from(t, 'utf8')),
    stderr: (t) => void err.push(Buffer.from(t, 'utf8')),
    readStdin: () => Promise.resolve(caller.stdin),
    readFile: () => {
      if (caller.file === undefined) throw elsewhere('a file the client did not send');
      return caller.file;
    },
    endpoint,
    runLine: (command, cwd, ms) => ((then = { command, cwd, ms }), Promise.resolve('')),
  };
  let code: number;
  try {
    code = await run(caller, io);
  } catch (e) {
    if (e instanceof ControlError) throw e;
    if (e instanceof Exit) code = e.code;
    else {
      io.stderr(`botster-tui: ${(e as Error).stack ?? String(e)}\n`);
      code = 1;
    }
  }
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  return {
    code,
    out: Buffer.concat(out).toString('base64'),
    err: Buffer.concat(err).toString('base64'),
    // (the client runs it with its stdin, in that folder, for at most ms; prints what it printed)
    ...(then ? { run: b64(then.command), run_cwd: b64(then.cwd), run_ms: then.ms } : {}),
  };
}

/**
 * A command line as the CLI parses it, kept: a hook runs the same one on every tool call, and
 * meow takes ~2 ms of each (the parse depends on the words alone).
 */
const PARSED = new Map<string, ParsedArgs>();
function parsedOnce(argv: string[], parse: (argv: string[]) => ParsedArgs): ParsedArgs {
  const key = JSON.stringify(argv);
  let parsed = PARSED.get(key);
  if (parsed) return parsed;
  parsed = parse(argv);
  if (PARSED.size >= 256) PARSED.delete(PARSED.keys().next().value as string);
  PARSED.set(key, parsed);
  return parsed;
}

async function run(c: Caller, io: CliIo): Promise<number> {
  const [first, ...rest] = c.argv;
  if (first === 'tmux') {
    if (rest.slice(0, 1).some((a) => a === '--help' || a === '-h')) throw elsewhere('tmux --help');
    const env = {
      ...c.env,
      ...(c.env.BOTSTER_HOME ? { BOTSTER_HOME: callerPath(c.env.BOTSTER_HOME, c) } : {}),
    };
    const { runTmux } = await import('../tmux/entry.js');
    return runTmux(
      rest,
      env,
      { out: io.stdout, err: io.stderr, stdin: io.readStdin! },
      { cwd: c.cwd, endpoint: io.endpoint },
    );
  }
  const { parseArgs, helpText, COMMAND_NAMES } = await import('./parse-args.js');
  const parsed = parsedOnce(c.argv, parseArgs);
  if (parsed.kind === 'help') return (io.stdout(helpText(parsed.command)), 0);
  if (parsed.kind === 'version') return (io.stdout(`${parsed.version} (native client)\n`), 0);
  const say = stderrLines('botster-tui: ', io.stderr);
  if (parsed.kind === 'usage') {
    const where =
      parsed.command && COMMAND_NAMES.includes(parsed.command)
        ? `botster-tui ${parsed.command} --help`
        : 'botster-tui --help';
    say(`${parsed.message} (see ${where})`);
    return parsed.command === 'push' ? 5 : 2;
  }
  // (copies: the parse is kept for the next call)
  const { command } = parsed;
  const args = [...parsed.args];
  const flags = { ...parsed.flags };
  if (command === undefined || !HERE.has(command)) throw elsewhere(`the command ${command ?? '(none)'}`);
  if (flags.ssh !== undefined) throw elsewhere('--ssh');
  if (command === 'status' && flags.file !== undefined) throw elsewhere('status --file (Lua)');
  if (command === 'push' && c.file === undefined) throw elsewhere('push without its file');
  // As src/cli.tsx: the home and its socket (an explicit --home drops an inherited BOTSTER_SOCKET).
  const home = callerPath(
    flags.home || c.env.BOTSTER_HOME || path.join(c.env.HOME || os.homedir(), '.botster'),
    c,
  );
  const socketEnv = flags.home
    ? { ...c.env, BOTSTER_SOCKET: undefined }
    : { ...c.env, ...(c.env.BOTSTER_SOCKET ? { BOTSTER_SOCKET: callerPath(c.env.BOTSTER_SOCKET, c) } : {}) };
  const homeScope = socketEnv.BOTSTER_SOCKET && !c.env.BOTSTER_HOME ? undefined : home;
  const fail = (message: string): never => {
    say(message);
    throw new Exit(2);
  };
  const { runArgCommand } = await import('./arg-commands.js');
  const done = await runArgCommand(command, {
    flags,
    rest: args,
    home,
    socketEnv,
    homeScope,
    targetOf: (socket) => ({ socket: io.endpoint(socket), home, scope: homeScope }),
    runTail: parsed.tail,
    luaHost: () => Promise.reject(elsewhere('Lua')),
    fail,
    io,
  });
  if (done === undefined) throw elsewhere(`the command ${command}`);
  return done;
}
