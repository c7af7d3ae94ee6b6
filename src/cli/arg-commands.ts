import os from 'node:os';
import type { CliFlags } from './cli-flags.js';
import { verbOfCommand } from './fleet-verbs.js';
import type { ServerTarget } from './agent-commands.js';
import type { LuaHost } from '../worker/lua-host.js';
import { stderrLines, stdoutLines } from './terminal-out.js';
import { processIo, type CliIo } from './cli-io.js';

/** What the commands below need of the command line and the CLI around them. */
export interface ArgCommandContext {
  flags: CliFlags;
  /** The words after the command. */
  rest: string[];
  home: string;
  /** The environment that finds the socket (an explicit --home drops an inherited BOTSTER_SOCKET). */
  socketEnv: NodeJS.ProcessEnv;
  /** The home a server is asked to be; undefined when BOTSTER_SOCKET alone names the socket. */
  homeScope: string | undefined;
  /** --ssh HOST: that machine's hub. */
  ssh?: { target: ServerTarget };
  /** The --ssh hub, else this home's socket. */
  targetOf: (socket: string) => ServerTarget;
  /** Where in `rest` the words after `--` start (`run -- CMD...`). */
  runTail?: number;
  luaHost: () => Promise<LuaHost>;
  fail: (message: string) => never;
  /** Whose environment, folder, stdin and output (default: this process's). */
  io?: CliIo;
}

/**
 * The commands that take arguments and draw no hub (improvements, check, push, status, the verbs',
 * report, the fleet's, hooks): each loads its own code when it runs. Its exit code, or undefined
 * when `command` is none of them (src/cli.tsx runs the rest).
 */
export async function runArgCommand(
  command: string | undefined,
  c: ArgCommandContext,
): Promise<number | undefined> {
  const { flags, rest, home, socketEnv, homeScope, ssh, runTail, luaHost, fail } = c;
  const io = c.io ?? processIo;
  // This home's hub: its socket (or, for a native client's command line, the server itself).
  const hub = (socket: string) => ({ socket: io.endpoint(socket), home, scope: homeScope });
  if (command === 'schema') {
    const { runSchema } = await import('./schema-command.js');
    const say = stdoutLines(flags.json);
    return runSchema(rest, flags.json, say, stderrLines('botster-tui schema: '));
  }
  if (command === 'improvements') {
    const { runImprovements } = await import('./run-improvements.js');
    return runImprovements(rest, home, stdoutLines(flags.json));
  }
  if (command === 'check' || command === 'push') {
    if (command === 'push') {
      const { runPush } = await import('./run-push.js');
      return runPush(
        rest,
        home,
        socketEnv,
        stdoutLines(true, io.stdout), // (its answer is JSON)
        stderrLines('botster-tui push: ', io.stderr),
        homeScope,
        ssh?.target.socket,
        io,
      );
    }
    const { runCheck } = await import('./run-tools.js');
    const [cols, rows] = flags.size.split('x').map(Number);
    const size = cols > 0 && rows > 0 ? { cols, rows } : undefined;
    return runCheck(rest, home, stdoutLines(flags.json), await luaHost(), {
      render: flags.render === true,
      size,
    });
  }
  if (command === 'test') {
    // Lua tests with golden frames (src/cli/lua-test/): each frame is a real hub's, so its PTYs too.
    const { nativePty } = await import('../pty/native-pty.js');
    nativePty();
    const { runLuaTests } = await import('./lua-test/run-lua-tests.js');
    return runLuaTests({
      home,
      paths: rest,
      update: flags.update === true,
      out: stdoutLines(),
      err: stderrLines('botster-tui test: '),
    });
  }
  // status --file explains a saved screen here, with this home's Lua: no verb, no hub.
  if (command === 'status' && flags.file !== undefined) {
    const err = stderrLines('botster-tui status: ', io.stderr);
    const out = stdoutLines(flags.json, io.stdout);
    if (rest.length > 0) fail('status --file explains a saved screen: name no agent');
    if (ssh) fail('status --file explains a saved screen here: no --ssh');
    const { runStatusFile } = await import('./run-status-file.js');
    return runStatusFile(
      home,
      {
        file: flags.file,
        program: flags.program,
        ...(flags.title !== undefined ? { title: flags.title } : {}),
        ...(flags.progress !== undefined ? { progress: flags.progress } : {}),
        ...(flags['cli-version'] !== undefined ? { cliVersion: flags['cli-version'] } : {}),
        json: flags.json,
      },
      out,
      err,
      await luaHost(),
    );
  }
  if (command === 'statusline') {
    // Claude Code's status line in a hub launch: exit 0 whatever happens (src/cli/agent-side/statusline.ts).
    const { resolveSocketPath } = await import('../wire/socket-path.js');
    const { runStatusline } = await import('./agent-side/statusline.js');
    return runStatusline(hub(resolveSocketPath(socketEnv, home)), rest[0], {
      env: io.env,
      stdin: process.stdin,
      ...(io.readStdin ? { readStdin: io.readStdin } : {}),
      cwd: io.cwd(),
      out: io.stdout,
      ...(io.runLine ? { runLine: io.runLine } : {}),
    }).catch(() => 0);
  }
  if (command === 'message-hook') {
    // Claude Code's SendMessage in a hub launch: exit 0 whatever happens (src/cli/agent-side/message-hook.ts).
    const { resolveSocketPath } = await import('../wire/socket-path.js');
    const { runMessageHook } = await import('./agent-side/message-hook.js');
    const config = typeof flags.config === 'string' ? flags.config : '';
    return runMessageHook(hub(resolveSocketPath(socketEnv, home)), config, {
      env: io.env,
      stdin: process.stdin,
      ...(io.readStdin ? { readStdin: io.readStdin } : {}),
      cwd: io.cwd(),
      out: io.stdout,
    }).catch(() => 0);
  }
  if (command === 'permission-hook') {
    // Claude Code's PermissionRequest in a hub launch: exit 0 whatever happens (src/cli/agent-side/permission-hook.ts).
    const { resolveSocketPath } = await import('../wire/socket-path.js');
    const { runPermissionHook } = await import('./agent-side/permission-hook.js');
    return runPermissionHook(hub(resolveSocketPath(socketEnv, home)), {
      env: io.env,
      stdin: process.stdin,
      ...(io.readStdin ? { readStdin: io.readStdin } : {}),
      out: io.stdout,
    }).catch(() => 0);
  }
  if (command === 'report') {
    const { resolveSocketPath } = await import('../wire/socket-path.js');
    const { runReport } = await import('./agent-side/report.js');
    const f = flags;
    const opts = {
      state: f.state,
      reason: f.reason,
      session: f.session,
      stdin: f.stdin === true,
      ifInHub: f['if-in-hub'] === true,
      json: f.json,
    };
    return runReport(hub(resolveSocketPath(socketEnv, home)), rest, opts, {
      env: io.env,
      out: stdoutLines(flags.json, io.stdout),
      err: stderrLines('botster-tui report: ', io.stderr),
      ...(io.readStdin ? { readStdin: io.readStdin } : {}),
    });
  }
  // A verb's command (its words, flags and --help from its declaration: ./fleet-verbs.ts).
  const verb = verbOfCommand(command, rest);
  if (verb && 'family' in verb) {
    const { familyUsage } = await import('./verb-print.js');
    stderrLines(`botster-tui ${verb.family}: `, io.stderr)(familyUsage(verb.family, verb.what));
    return 2;
  }
  if (verb) {
    const { runFleetCli } = await import('./fleet-cli.js');
    return runFleetCli(
      verb.verb,
      verb.rest,
      flags,
      // (the tail's place in the words after the verb's: a family's word is not one of them)
      runTail === undefined ? undefined : runTail - (rest.length - verb.rest.length),
      { socketEnv, home, scope: homeScope, target: ssh?.target },
      io,
      verb.word,
    );
  }
  if (command === 'plugin') {
    const { runPlugin, terminalAsk } = await import('./plugin-command.js');
    const { checkPluginLoads } = await import('../reload/plugin-check.js');
    let cwd = home;
    try {
      cwd = process.cwd();
    } catch {
      // (a folder that is gone: sources are then absolute or nothing)
    }
    return runPlugin(
      home,
      rest,
      {
        ...(flags.grant !== undefined ? { grant: flags.grant } : {}),
        ...(flags.from !== undefined ? { from: flags.from } : {}),
        json: flags.json,
        update: flags.update,
      },
      {
        out: stdoutLines(flags.json),
        err: stderrLines('botster-tui plugin: '),
        cwd,
        env: process.env,
        ...(terminalAsk() ? { ask: terminalAsk() } : {}),
        check: (dir, m, granted) => checkPluginLoads(home, dir, m, granted),
        declared: async () => (await import('./config-clis.js')).declaredPlugins(home, await luaHost()),
        indexes: async () => (await import('./config-clis.js')).declaredIndexes(home, await luaHost()),
        fromAgent: async () =>
          askedByAgent(
            (await import('../wire/socket-path.js')).resolveSocketPath(socketEnv, home),
            homeScope,
          ),
        askHub: async (ask) =>
          askHubForPlugin(
            (await import('../wire/socket-path.js')).resolveSocketPath(socketEnv, home),
            homeScope,
            { ...ask, cwd },
          ),
      },
    );
  }
  if (command === 'pipeline') {
    const { resolveSocketPath } = await import('../wire/socket-path.js');
    const { runPipeline } = await import('./pipeline-command.js');
    let cwd: string | undefined;
    try {
      cwd = process.cwd();
    } catch {
      cwd = undefined;
    }
    return runPipeline(
      ssh?.target ?? { socket: resolveSocketPath(socketEnv, home), home, scope: homeScope },
      rest,
      { id: flags.id, var: flags.var, json: flags.json },
      {
        out: stdoutLines(flags.json),
        err: stderrLines('botster-tui pipeline: '),
        cwd,
        env: process.env,
      },
    );
  }
  if (command === 'web') {
    const { resolveSocketPath } = await import('../wire/socket-path.js');
    const { runWeb } = await import('./web-command.js');
    return runWeb(
      ssh?.target ?? { socket: resolveSocketPath(socketEnv, home), home, scope: homeScope },
      rest,
      flags,
      {
        out: stdoutLines(flags.json),
        err: stderrLines('botster-tui web: '),
      },
    );
  }
  if (command === 'cases') {
    const { runCases } = await import('./run-cases.js');
    return runCases(
      rest,
      home,
      {
        ...(flags.state !== undefined ? { state: flags.state } : {}),
        all: flags.all === true,
        explain: flags.explain,
        json: flags.json,
      },
      stdoutLines(flags.json),
      stderrLines('botster-tui cases: '),
      luaHost,
    );
  }
  if (command === 'hooks') {
    const { runHooks } = await import('./hooks-command.js');
    const { configuredClis } = await import('./config-clis.js');
    return runHooks(
      rest,
      flags.install === true,
      await configuredClis(home, await luaHost()),
      process.env,
      os.homedir(),
      stdoutLines(flags.json),
      stderrLines(''),
    );
  }
  return undefined;
}

/** An agent's plugin add, grant or enable, asked of the user in the hub (verbs/plugin-ask.ts). */
async function askHubForPlugin(
  socket: string,
  scope: string | undefined,
  ask: Record<string, string | undefined>,
): Promise<{ asked: string } | { error: string } | null> {
  const { controlRequest } = await import('../wire/control-client.js');
  let reply;
  try {
    reply = await controlRequest(
      socket,
      { op: 'plugin_ask', ...ask, ...(scope === undefined ? {} : { home: scope }) },
      { timeoutMs: 30_000 },
    );
  } catch {
    return null;
  }
  if (reply.ok !== true) return { error: String(reply.error ?? 'the hub did not ask') };
  const a = reply as { action?: string; name?: string; caps?: string[]; source?: string; folder?: string };
  return {
    asked:
      a.action === 'add'
        ? `add the plugin from ${a.folder ? `${a.folder} (the hub took a copy of it: that copy is what you are shown and may add)` : a.source}`
        : a.action === 'grant'
          ? `grant ${a.name} ${(a.caps ?? []).join(', ')}`
          : `enable ${a.name}`,
  };
}

/**
 * Whether this home's running hub takes this process for one of its agents (and why, where it
 * cannot tell: no native client); null: no hub answers.
 */
async function askedByAgent(
  socket: string,
  scope: string | undefined,
): Promise<{ agent: boolean; why?: string } | null> {
  const { controlRequest } = await import('../wire/control-client.js');
  try {
    const reply = await controlRequest(
      socket,
      { op: 'whoami', ...(scope === undefined ? {} : { home: scope }) },
      { timeoutMs: 5000 },
    );
    const p = reply.principal as { kind?: unknown; why?: unknown } | undefined;
    if (reply.ok !== true) return null;
    return { agent: p?.kind === 'agent', ...(typeof p?.why === 'string' ? { why: p.why } : {}) };
  } catch {
    return null;
  }
}
