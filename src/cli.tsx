#!/usr/bin/env node
import fs from 'node:fs';
// The bundle is minified: map stack traces in hub.log back to the sources.
process.setSourceMapsEnabled(true);
import meow from 'meow';
import { resolveHome } from './app/paths.js';
import { trace } from './app/trace.js';
import { defaultAgents } from './app/early-config.js';
import { loadSession } from './app/session-file.js';
import { PtyUnavailableError, nativePty } from './pty/native-pty.js';

trace('cli: modules loaded');
import type { AgentSpec } from './agents/types.js';

const cli = meow(
  `
  Usage
    $ botster-tui [--agent CMD]... [--home DIR] [--layout FILE] [--restore]
    $ botster-tui snapshot [--size 120x40] [--layout FILE] [--agent CMD]... [--wait MS] [--keys "ctrl+g j"] [--ansi]
    $ botster-tui snapshot --live [--keys "ctrl+g j"] [--ansi]
    $ botster-tui check FILE.lua...
    $ botster-tui push FILE.lua
    $ botster-tui improvements [list | show NAME [V] | revert NAME [V] | disable NAME | enable NAME]
    $ botster-tui keys [--markdown]

  Commands
    (none)     run the hub in this terminal
    snapshot   render the hub headlessly and print the final frame
    check      load Lua files as the hub would; print errors (file:line: message) or what they register
    keys       list the live key bindings (defaults plus $BOTSTER_HOME/user/keybindings.lua)
    push       hand an improvement to the running hub; prints the policy's decision as JSON
               (exit 0 live, 1 refused or failed to load, 2 waiting for the user)
    improvements   list, show, revert, disable or enable pushed improvements (a running hub follows at once)

  Options
    --agent CMD      run CMD as an agent (repeatable); default: $SHELL
    --home DIR       botster home (default: $BOTSTER_HOME, then ~/.botster)
    --layout FILE    use FILE instead of $BOTSTER_HOME/user/layout.lua
    --scrollback N   lines of scrollback per agent (default 5000)
    --restore        start the agents the last hub ran (recorded when it quit)
    --size WxH       snapshot size (default 120x40)
    --wait MS        snapshot: let agents run this long before the frame (default 500)
    --ansi           snapshot: keep colours in the output
    --keys SPEC      snapshot: press these keys first, e.g. "ctrl+g j enter"
    --markdown       keys: print a Markdown table
    --live           snapshot: the running hub's current frame (via $BOTSTER_SOCKET or $BOTSTER_HOME/hub.sock)
    --help, --version

  Keys (insert mode sends every key to the focused agent)
    ctrl+g           leave insert mode; then ? lists every key, : opens the command palette
`,
  {
    importMeta: import.meta,
    allowUnknownFlags: false,
    flags: {
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
    },
  },
);

function fail(message: string): never {
  process.stderr.write(`botster-tui: ${message}\n`);
  process.exit(2);
}

function agentSpecs(home: string): AgentSpec[] {
  for (const command of cli.flags.agent ?? []) if (!command.trim()) fail('--agent needs a command');
  if (!cli.flags.restore) return defaultAgents(cli.flags.agent);
  // --restore: the agents the last hub ran (recorded when it quit), then any --agent given too.
  try {
    return [...loadSession(home), ...(cli.flags.agent ?? []).map((command) => ({ command }))];
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
  if (!m || Number(m[1]) < 10 || Number(m[2]) < 5) fail(`--size must be WIDTHxHEIGHT (at least 10x5), got "${size}"`);
  return { cols: Number(m[1]), rows: Number(m[2]) };
}

// Boot the Lua worker before anything heavy loads, and have it evaluate the configuration while
// the UI loads: both are on the way to the first frame.
const wantsHub = !process.argv.some((a) => a === '--help' || a === '--version' || a === '-h');
const earlyLua = wantsHub
  ? Promise.all([import('./lua/lua-host.js'), import('./app/early-config.js')]).then(([{ LuaHost }, early]) => {
      // bin/botster-tui.js may have started the worker already, before this bundle loaded.
      const g = globalThis as { __botsterEarlyWorker?: import('./lua/worker-rpc/worker-rpc.js').EarlyWorker };
      const lua = new LuaHost(undefined, g.__botsterEarlyWorker);
      delete g.__botsterEarlyWorker;
      lua.start().catch(() => {});
      early.preconfigure(lua, cli.input[0], cli.flags);
      return lua;
    })
  : undefined;

async function main(): Promise<number> {
  const [command, ...rest] = cli.input;
  const home = resolveHome(cli.flags.home);
  if (command === 'improvements') {
    const { runImprovements } = await import('./app/run-improvements.js');
    return runImprovements(rest, home, (s) => process.stdout.write(s + '\n'));
  }
  if (command === 'check' || command === 'push') {
    if (command === 'push') {
      const { runPush } = await import('./app/run-push.js');
      return runPush(rest, home, (s) => process.stdout.write(s + '\n'));
    }
    const { runCheck } = await import('./app/run-tools.js');
    return runCheck(rest, home, (s) => process.stdout.write(s + '\n'), await earlyLua);
  }
  if (rest.length > 0) fail(`unexpected argument "${rest[0]}"`);
  if (command === 'keys') {
    const { runKeys } = await import('./app/run-tools.js');
    return runKeys(home, cli.flags.markdown, (s) => process.stdout.write(s + '\n'), await earlyLua);
  }
  const layoutFile = checkLayout(cli.flags.layout);
  const agents = agentSpecs(home);
  // Every command below runs agents: a broken install is said in one line before anything starts.
  if (!(command === 'snapshot' && cli.flags.live)) nativePty();
  const scrollback = cli.flags.scrollback;
  if (scrollback !== undefined && (!Number.isInteger(scrollback) || scrollback < 0)) fail('--scrollback must be a whole number');

  if (command === undefined) {
    if (!process.stdout.isTTY) fail('the hub needs a terminal; use `botster-tui snapshot` to render without one');
    trace('cli: loading the hub');
    const { runHub } = await import('./app/run-hub.js');
    trace('cli: hub loaded');
    return runHub({ home, layoutFile, agents, scrollback, lua: await earlyLua });
  }
  if (command === 'snapshot' && cli.flags.live) {
    const { controlRequest, resolveSocketPath } = await import('./improvements/control-client.js');
    const socket = resolveSocketPath(process.env, home);
    try {
      const reply = await controlRequest(socket, { op: 'snapshot', keys: cli.flags.keys, ansi: cli.flags.ansi }, { timeoutMs: 15000 });
      if (reply.ok !== true) {
        process.stderr.write(`botster-tui: ${String(reply.error)}\n`);
        return 1;
      }
      process.stdout.write(`${String(reply.frame)}\n`);
      return 0;
    } catch (err) {
      process.stderr.write(`botster-tui: ${(err as Error).message}\n`);
      return 1;
    }
  }
  if (command === 'snapshot') {
    const { renderSnapshot, keysFromSpec } = await import('./app/run-snapshot.js');
    const { cols, rows } = parseSize(cli.flags.size);
    let keys;
    try {
      keys = cli.flags.keys === undefined ? undefined : keysFromSpec(cli.flags.keys);
    } catch (err) {
      fail(`--keys: ${(err as Error).message}`);
    }
    const frame = await renderSnapshot({ home, layoutFile, agents, cols, rows, waitMs: cli.flags.wait, ansi: cli.flags.ansi, keys, lua: await earlyLua });
    process.stdout.write(frame + '\n');
    return 0;
  }
  fail(`unknown command "${command}" (see --help)`);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof PtyUnavailableError) fail(err.message);
    process.stderr.write(`botster-tui: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
