// `botster-tui tmux ...`: the hub's tmux surface, the `tmux` on every agent's PATH (docs/teams.md).
// It reads a tmux command line and acts through the hub's verbs on its socket, so the hub knows the
// caller as the kernel tells it and holds it to the socket's rules. It never reaches a tmux server:
// `-S` naming another socket than the hub's is refused with tmux's own words.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { controlRequest, resolveSocketPath } from '../wire/control-client.js';
import type { Endpoint } from '../wire/dialer.js';
import { readCommands, TmuxError } from './grammar.js';
import { runCommand, type SurfaceHub } from './run.js';

/** The client's own flags (before the command): which take a value. */
const CLIENT_VALUED = 'cfLST';
const CLIENT_BARE = '2CDhlNuvV';

interface Io {
  out(text: string): void;
  err(text: string): void;
  stdin(): Promise<string>;
}

const processIo: Io = {
  out: (t) => {
    process.stdout.write(t);
  },
  err: (t) => process.stderr.write(t),
  stdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

/** Each command line an agent ran, for whoever wants to see what its CLI asks of tmux (BOTSTER_TMUX_LOG). */
function log(file: string | undefined, entry: Record<string, unknown>): void {
  if (!file) return;
  try {
    fs.appendFileSync(file, JSON.stringify({ at: new Date().toISOString(), ...entry }) + '\n');
  } catch {
    // a log that cannot be written changes nothing the command does
  }
}

// A reader that stopped reading (`tmux capture-pane -p | head -3`) ends the output, not the command.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
});

/** Runs `tmux ARGV` on the hub; the exit code. */
export async function runTmux(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  io: Io = processIo,
  /** Another process's command line (a native client's, run by the hub server): its folder, and the hub itself. */
  caller: { cwd: string; endpoint: (socket: string) => Endpoint } | undefined = undefined,
): Promise<number> {
  const home = env.BOTSTER_HOME ?? path.join(env.HOME || os.homedir(), '.botster');
  const cwd = caller?.cwd ?? process.cwd();
  const socket = resolveSocketPath(env, path.resolve(cwd, home));
  const endpoint = caller ? caller.endpoint(socket) : socket;
  let i = 0;
  let named: string | undefined;
  for (; i < argv.length && argv[i].startsWith('-') && argv[i] !== '-'; i++) {
    const w = argv[i];
    if (w === '--') {
      i++;
      break;
    }
    const f = w[1];
    if (f === 'V') {
      io.out('tmux 3.4\n');
      return 0;
    }
    if (CLIENT_VALUED.includes(f)) {
      const v = w.length > 2 ? w.slice(2) : argv[++i];
      if (f === 'S') named = v;
      if (f === 'C' || f === 'c') break;
    } else if (f === 'C') {
      io.err('control mode is not served by the hub\n');
      return 1;
    } else if (!CLIENT_BARE.includes(f)) {
      io.err(
        `tmux: unknown option -- ${f}\nusage: tmux [-2CDlNuVv] [-c shell-command] [-f file] [-L socket-name] [-S socket-path] [-T features] [command [flags]]\n`,
      );
      return 1;
    }
  }
  // Another socket than the hub's is a tmux server the surface never talks to.
  if (named !== undefined && path.resolve(cwd, named) !== path.resolve(cwd, socket)) {
    io.err(`no server running on ${named}\n`);
    return 1;
  }
  const args = argv.slice(i);
  let out = '';
  const hub: SurfaceHub = {
    self: env.TMUX_PANE ?? null,
    cwd,
    shell: env.SHELL || '/bin/sh',
    host: os.hostname(),
    socket,
    out: (t) => {
      out += t;
      io.out(t);
    },
    stdin: io.stdin,
    call: async (verb, a) => {
      let reply: Record<string, unknown>;
      try {
        reply = await controlRequest(endpoint, { ...a, op: verb }, { timeoutMs: 60_000 });
      } catch (err) {
        throw new TmuxError(`no server running on ${socket} (${(err as Error).message})`);
      }
      if (reply.ok !== true) throw new TmuxError(String(reply.error ?? 'the hub refused it'));
      return reply;
    },
  };
  let code = 0;
  let error: string | undefined;
  try {
    const commands = args.length ? readCommands(args) : [];
    if (!commands.length)
      throw new TmuxError("the hub's agents are seen in botster-tui, not in a tmux client");
    for (const c of commands) await runCommand(c, hub);
  } catch (err) {
    if (!(err instanceof TmuxError)) throw err;
    error = err.message;
    io.err(`${err.message}\n`);
    code = 1;
  }
  log(env.BOTSTER_TMUX_LOG, {
    pane: env.TMUX_PANE ?? null,
    argv,
    code,
    ...(error ? { error } : {}),
    ...(out ? { out } : {}),
  });
  return code;
}
