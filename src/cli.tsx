#!/usr/bin/env node
import fs from 'node:fs';
import path from 'node:path';
import { startArgs } from './cli/start-args.js';
import type { CliFlags, ParsedArgs } from './cli/cli-flags.js';
import { EXIT } from './wire/exit-codes.js';
import { runArgCommand } from './cli/arg-commands.js';
import { exitQuietlyOnClosedPipe, exitWhenWritten } from './cli/quiet-pipe.js';
import { resolveHome } from './reload/paths.js';
import { trace } from './trace/trace.js';
import { defaultAgents, restoreSpecs } from './lifecycle/early-config.js';
import { PtyUnavailableError, nativePty } from './pty/native-pty.js';
import { outOfFiles } from './wire/open-files.js';
import { stderrLines, stdoutLines } from './cli/terminal-out.js';

trace('cli: modules loaded');
exitQuietlyOnClosedPipe();
import type { AgentSpec } from './agents/types.js';
import type { SessionAgent } from './lifecycle/session-file.js';

// As meow does: `ps` shows botster-tui, not node and a path (the server names itself).
process.title = 'botster-tui';
const argv = process.argv.slice(2);
// The client's start path (plain botster-tui, attach, the server) is read without meow; every
// other command line, and anything doubtful on that path, by meow (loaded here only then).
const start = startArgs(argv);
// The native client handed this command line over (it is the launcher's client here); not for
// what this process starts.
const viaNative = process.env.BOTSTER_VIA_NATIVE === '1';
delete process.env.BOTSTER_VIA_NATIVE;
// (snapshot, check and keys load the Lua host next: its chunk loads while meow does.)
if (!start && ['snapshot', 'check', 'keys'].includes(argv.find((a) => !a.startsWith('-')) ?? ''))
  void import('./worker/lua-host.js').catch(() => {});
let cli: { input: string[]; flags: CliFlags };
let parsed: ParsedArgs;

/** --help, --version and usage mistakes end here; a command line to run sets `cli`. */
async function read(): Promise<void> {
  if (start) parsed = start;
  else {
    const full = await import('./cli/parse-args.js');
    parsed = full.parseArgs(argv);
    if (parsed.kind === 'help') {
      process.stdout.write(full.helpText(parsed.command));
      process.exit(EXIT.OK);
    }
    if (parsed.kind === 'version') {
      // Which client this install's launcher runs in a terminal: the native one handed this to us.
      process.stdout.write(`${parsed.version} (${viaNative ? 'native' : 'node'} client)\n`);
      process.exit(EXIT.OK);
    }
    if (parsed.kind === 'usage') {
      const where =
        parsed.command && full.COMMAND_NAMES.includes(parsed.command)
          ? `botster-tui ${parsed.command} --help`
          : 'botster-tui --help';
      stderrLines()(`${parsed.message} (see ${where})`);
      // push keeps 2 for "waiting for your answer": its misuse has a code of its own.
      process.exit(parsed.command === 'push' ? EXIT.PUSH_INPUT : EXIT.USAGE);
    }
  }
  if (parsed.kind !== 'run') throw new Error(`unexpected parse: ${parsed.kind}`);
  cli = {
    input: [parsed.command, ...parsed.args].filter((a): a is string => a !== undefined),
    flags: parsed.flags,
  };
}

function fail(message: string): never {
  stderrLines()(message);
  process.exit(2);
}

function agentSpecs(home: string): { agents: AgentSpec[]; restore?: SessionAgent[]; notices: string[] } {
  for (const command of cli.flags.agent ?? []) if (!command.trim()) fail('--agent needs a command');
  if (!cli.flags.restore) return { agents: defaultAgents(cli.flags.agent), notices: [] };
  try {
    return restoreSpecs(home, cli.flags.agent);
  } catch (err) {
    fail((err as Error).message);
  }
}

function checkLayout(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  try {
    fs.accessSync(file, fs.constants.R_OK);
    if (!fs.statSync(file).isFile()) fail(`--layout ${file}: not a file`);
  } catch (err) {
    fail(`cannot read --layout ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return file;
}

function parseSize(size: string): { cols: number; rows: number } {
  const m = /^(\d+)x(\d+)$/.exec(size);
  if (!m || Number(m[1]) < 10 || Number(m[2]) < 5)
    fail(`--size must be WIDTHxHEIGHT (at least 10x5), got "${size}"`);
  return { cols: Number(m[1]), rows: Number(m[2]) };
}

// Boot the Lua worker before anything heavy loads, and have it evaluate the configuration while
// the UI loads: both are on the way to the first frame (push and improvements need no Lua).
function loadEarlyLua() {
  return Promise.all([import('./worker/lua-host.js'), import('./lifecycle/early-config.js')]).then(
    ([{ LuaHost }, early]) => {
      // bin/botster-tui.js may have started the worker already, before this bundle loaded.
      const g = globalThis as { __botsterEarlyWorker?: import('./lua/worker-rpc/worker-rpc.js').EarlyWorker };
      const lua = new LuaHost(undefined, g.__botsterEarlyWorker);
      delete g.__botsterEarlyWorker;
      lua.start().catch(() => {});
      early.preconfigure(lua, cli.input[0], cli.flags);
      return lua;
    },
  );
}
// Only these run Lua in this process; plain botster-tui is a thin client (its server runs Lua).
const LUA_COMMANDS = ['snapshot', 'check', 'keys', 'server'];
let earlyLua: Promise<import('./worker/lua-host.js').LuaHost> | undefined;
const luaHost = () => (earlyLua ??= loadEarlyLua());

async function main(): Promise<number> {
  await read();
  if (LUA_COMMANDS.includes(cli.input[0] ?? '') && !cli.flags.live) void luaHost();
  const [command, ...rest] = cli.input;
  const home = resolveHome(cli.flags.home);
  // An explicit --home names its own socket, not the one an agent inherited in BOTSTER_SOCKET.
  const socketEnv = cli.flags.home ? { ...process.env, BOTSTER_SOCKET: undefined } : process.env;
  // The home a server is asked to be (it refuses another): unknown when BOTSTER_SOCKET alone names the socket.
  const homeScope = socketEnv.BOTSTER_SOCKET && !process.env.BOTSTER_HOME ? undefined : home;
  // proxy, and --ssh HOST: another machine's hub, the same commands (src/cli/remote-cli.ts).
  const remote =
    command === 'proxy' || cli.flags.ssh !== undefined
      ? (await import('./cli/remote-cli.js')).remoteCli(command, rest, cli.flags, home, socketEnv)
      : undefined;
  if (remote && 'error' in remote) fail(remote.error);
  if (remote && 'run' in remote) return remote.run();
  const ssh = remote?.ssh;
  // The --ssh hub, else this home's socket.
  const targetOf = (socket: string) => ssh?.target ?? { socket, home, scope: homeScope };
  // (bin/ runs `botster-tui mcp` itself, without the CLI; this is `botster-tui --home H mcp`.)
  if (command === 'mcp')
    return (await import('./mcp/entry.js')).runMcp([...(cli.flags.home ? ['--home', home] : []), ...rest]);
  // (bin/ runs `botster-tui tmux ...` itself: tmux's command line is not ours to parse.)
  if (command === 'tmux')
    fail("tmux takes tmux's own command line: botster-tui tmux COMMAND... (BOTSTER_HOME names the home)");
  const done = await runArgCommand(command, {
    flags: cli.flags,
    rest,
    home,
    socketEnv,
    homeScope,
    ssh,
    targetOf,
    runTail: parsed.kind === 'run' ? parsed.tail : undefined,
    luaHost,
    fail,
  });
  if (done !== undefined) return done;
  if (rest.length > 0) fail(`unexpected argument "${rest[0]}"`);
  if (command === 'keys') {
    const { runKeys } = await import('./cli/run-tools.js');
    return runKeys(home, cli.flags.markdown, stdoutLines(), await luaHost());
  }
  const layoutFile = checkLayout(cli.flags.layout);
  const scrollback = cli.flags.scrollback;
  if (scrollback !== undefined && (!Number.isInteger(scrollback) || scrollback < 0))
    fail('--scrollback must be a whole number');
  if (command === 'upgrade') {
    const { resolveSocketPath } = await import('./wire/socket-path.js');
    const { runUpgrade } = await import('./cli/run-upgrade.js');
    return runUpgrade(home, resolveSocketPath(socketEnv, home), stdoutLines(), stderrLines());
  }
  if (command === 'ls' || command === 'kill-server') {
    const { resolveSocketPath } = await import('./wire/socket-path.js');
    const { runLs, runKillServer } = await import('./cli/server-commands.js');
    const out = stdoutLines(cli.flags.json);
    const err = stderrLines();
    const t = targetOf(resolveSocketPath(socketEnv, home));
    return command === 'ls'
      ? runLs(t.socket, t.home, cli.flags.json, out, err, t.scope)
      : runKillServer(t.socket, t.home, out, err, t.scope);
  }
  if (command === undefined || command === 'attach') {
    for (const c of cli.flags.agent ?? []) if (!c.trim()) fail('--agent needs a command');
    if (command === 'attach' && (cli.flags.agent?.length || cli.flags.restore))
      fail('attach takes no --agent or --restore (plain botster-tui does)');
    const { resolveSocketPath } = await import('./wire/socket-path.js');
    const guard = await import('./client/attach-guard.js');
    const nested = guard.nestedRefusal(process.env, resolveSocketPath(socketEnv, home));
    if (nested) fail(nested);
    if (cli.flags.restore) {
      const running = await guard.restoreRefusal(resolveSocketPath(socketEnv, home), home);
      if (running) {
        stderrLines()(running);
        return EXIT.HUB_RUNNING;
      }
      agentSpecs(home); // "nothing to restore" is said here, before any server starts
    }
    const early = (globalThis as { __botsterEarlyClient?: import('./client/run-client.js').EarlyClient })
      .__botsterEarlyClient;
    // A broken install is said in one line here, not in the log of a server that failed (attaching
    // to a running server needs no PTY library here).
    if (command !== 'attach' && !early?.socket) nativePty();
    if (!process.stdout.isTTY || !process.stdin.isTTY)
      fail('the hub needs a terminal; use `botster-tui snapshot` to render without one');
    const { runClient, startFor } = await import('./client/run-client.js');
    const args = [
      ...(cli.flags.home ? ['--home', home] : []),
      ...(cli.flags.agent ?? []).flatMap((a) => ['--agent', a]),
      ...(layoutFile ? ['--layout', path.resolve(layoutFile)] : []),
      ...(scrollback !== undefined ? ['--scrollback', String(scrollback)] : []),
      ...(cli.flags.restore ? ['--restore'] : []),
    ];
    trace('cli: client');
    return runClient({
      home,
      socketPath: resolveSocketPath(socketEnv, home),
      spawn: (cli.flags.agent ?? []).map((c) => ({ command: c, cwd: process.cwd() })),
      // (A native client that lost its server hands reattaching over to us: attach starts one then.)
      start: startFor(command === 'attach', !!process.env.BOTSTER_REATTACH, { home, args, env: socketEnv }),
      early,
      // A server that started between the check above and now: --restore still does not apply.
      onExisting: () =>
        cli.flags.restore
          ? `a hub server already runs for ${home}; --restore was not applied (botster-tui attach shows its agents)`
          : undefined,
    });
  }
  const { agents, restore, notices } = agentSpecs(home);
  // Every command below runs agents: a broken install is said in one line before anything starts.
  // (The server loads the library while Lua evaluates its first configuration, or with its first
  // agent, after its first frame: ~10 ms its first frame need not wait for. Its clients are told
  // why it cannot start, and its log has the same line.)
  if (!(command === 'snapshot' && cli.flags.live) && command !== 'server') nativePty();

  if (command === 'server') {
    const { cols, rows } = parseSize(cli.flags.size);
    const readyFd = process.env.BOTSTER_SERVER_READY_FD
      ? Number(process.env.BOTSTER_SERVER_READY_FD)
      : undefined;
    delete process.env.BOTSTER_SERVER_READY_FD; // not for the agents
    trace('cli: loading the server');
    // (The `cli` op runs the CLI's own code: handed in, the server's room imports none of it.)
    const [{ runServer }, { cliOp }] = await Promise.all([
      import('./serve/run-server.js'),
      import('./cli/forwarded.js'),
    ]);
    trace('cli: server code loaded');
    return runServer({
      cliOp,
      home,
      layoutFile,
      agents,
      restore,
      notices,
      scrollback,
      lua: await luaHost(),
      env: socketEnv,
      cols,
      rows,
      readyFd,
      whileLuaWorks: () => void nativePty(),
      explicitAgents: (cli.flags.agent?.length ?? 0) > 0 || Boolean(cli.flags.restore),
    });
  }
  if (command === 'snapshot' && cli.flags.live) {
    const { controlRequest, resolveSocketPath } = await import('./wire/control-client.js');
    const socket = ssh?.target.socket ?? resolveSocketPath(socketEnv, home);
    try {
      const reply = await controlRequest(
        socket,
        {
          op: 'snapshot',
          keys: cli.flags.keys,
          ansi: cli.flags.ansi,
          ...(homeScope && !ssh ? { home: homeScope } : {}),
        },
        { timeoutMs: 15000 },
      );
      if (reply.ok !== true) {
        stderrLines()(String(reply.error));
        return 1;
      }
      process.stdout.write(`${String(reply.frame)}\n`);
      return 0;
    } catch (err) {
      stderrLines()((err as Error).message);
      return EXIT.NO_HUB;
    }
  }
  if (command === 'snapshot') {
    const { renderSnapshot, keysFromSpec } = await import('./cli/run-snapshot.js');
    const { cols, rows } = parseSize(cli.flags.size);
    let keys;
    try {
      keys = cli.flags.keys === undefined ? undefined : keysFromSpec(cli.flags.keys);
    } catch (err) {
      fail(`--keys: ${(err as Error).message}`);
    }
    const frame = await renderSnapshot({
      home,
      layoutFile,
      agents,
      restore,
      notices,
      cols,
      rows,
      waitMs: cli.flags.wait,
      ansi: cli.flags.ansi,
      keys,
      lua: await luaHost(),
    });
    process.stdout.write(frame + '\n');
    return 0;
  }
  fail(`unknown command "${command}" (see botster-tui --help)`);
}

main().then(
  (code) => exitWhenWritten(code),
  (err: unknown) => {
    // Out of file descriptors: one line, with what to do (a PTY library that could not be read too).
    const fds = outOfFiles(err);
    if (fds) {
      process.stderr.write(`botster-tui: ${fds}\n`);
      process.exit(1);
    }
    if (err instanceof PtyUnavailableError) fail(err.message);
    process.stderr.write(`botster-tui: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
