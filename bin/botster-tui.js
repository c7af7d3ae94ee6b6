#!/usr/bin/env node
// CommonJS (see bin/package.json): node runs a CommonJS entry ~5 ms sooner than an ES module one,
// which `--version` and the start of a hub server both feel. The CLI itself is the ES module bundle.
'use strict';
const { appendFileSync, readFileSync } = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

// Booted without NODE_EXTRA_CA_CERTS (see bin/botster-tui): what we start gets it back as it was.
if (process.env.BOTSTER_NODE_EXTRA_CA_CERTS !== undefined) {
  process.env.NODE_EXTRA_CA_CERTS = process.env.BOTSTER_NODE_EXTRA_CA_CERTS;
  delete process.env.BOTSTER_NODE_EXTRA_CA_CERTS;
}
const argv = process.argv.slice(2);
if (process.env.BOTSTER_TRACE) {
  // As src/trace/trace.ts writes it (the bundle is not loaded yet).
  const now = performance.now();
  let sched = '-1 -1';
  try {
    sched = readFileSync('/proc/thread-self/schedstat', 'utf8')
      .split(' ')
      .slice(0, 2)
      .map((ns) => (Number(ns) / 1e6).toFixed(1))
      .join(' ');
  } catch {}
  appendFileSync(
    process.env.BOTSTER_TRACE,
    `${now.toFixed(1)} ${(performance.timeOrigin + now).toFixed(1)} ${process.pid} ${sched} bin: node booted\n`,
  );
}
// `botster-tui --version` answers from package.json without loading the CLI at all, and names the
// client this install runs in a terminal (the native one handed the command line over: src/cli.tsx).
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  const client = process.env.BOTSTER_VIA_NATIVE === '1' ? 'native' : 'node';
  process.stdout.write(
    `${JSON.parse(readFileSync(path.join(__dirname, '../package.json'), 'utf8')).version} (${client} client)\n`,
  );
  process.exit(0);
}
const bundle = (file) => pathToFileURL(path.join(__dirname, '../dist/bundle', file)).href;

// Out of file descriptors (ulimit -n, or the system's table) is said in one line, as
// src/wire/open-files.ts says it (this runs before anything can load it): too few to start is
// said before anything loads (a module, the Lua worker, a socket or a PTY would each fail its own
// way); a server says it as a start that failed, on its pipe to the client that started it too.
const isServer = argv.find((a) => !a.startsWith('-')) === 'server';
const fdLimit = () => {
  try {
    const m = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
};
const failed = (why) => {
  const said = isServer ? `the hub server could not start: ${why}` : why;
  process.stderr.write(`botster-tui: ${said}\n`);
  const told = Number(process.env.BOTSTER_SERVER_READY_FD);
  if (isServer && told > 2) {
    try {
      require('node:fs').writeSync(told, `error ${why}\n`);
    } catch {}
  }
  process.exit(1);
};
const MIN_OPEN_FILES = 64;
const limit = fdLimit();
if (limit !== undefined && limit < MIN_OPEN_FILES)
  failed(
    `too few file descriptors: ulimit -n is ${limit}, botster-tui needs at least ${MIN_OPEN_FILES} (raise it: ulimit -n 4096)`,
  );

(async () => {
  // (`mcp --help`, `tmux --help`: their help, from the CLI below; tmux's own flags include -h.)
  const asksHelp = (words) => words.some((a) => ['--help', '-h'].includes(a));
  // `botster-tui mcp` (an agent's CLI starts it at each launch and waits for its tools): its own
  // small bundle, not the CLI.
  if (argv[0] === 'mcp' && !asksHelp(argv.slice(1))) {
    const { runMcp } = require('../dist/bundle/mcp.cjs');
    process.exitCode = await runMcp(argv.slice(1));
    return;
  }
  // `tmux` on an agent's PATH (the hub's tmux surface, docs/teams.md): its own small bundle too,
  // since an agent's CLI runs it for every pane it makes, watches and ends.
  if (argv[0] === 'tmux' && !asksHelp(argv.slice(1, 2))) {
    const { runTmux } = require('../dist/bundle/tmux.cjs');
    process.exitCode = await runTmux(argv.slice(1));
    return;
  }
  // Plain botster-tui (and attach): connect to this home's hub server or start it before anything
  // else loads; the server's start is the long pole of a cold start (see src/client/early-start.ts).
  const VALUE_FLAGS = ['--agent', '--home', '--layout', '--scrollback', '--size', '--wait', '--keys'];
  const command = argv.find((a, i) => !a.startsWith('-') && !VALUE_FLAGS.includes(argv[i - 1]));
  if (command === undefined || command === 'attach') {
    const { earlyStart } = require('../dist/bundle/early-start.cjs');
    const early = await earlyStart(argv);
    // A server runs (or is on its way): the client runs from there, and the CLI never loads.
    if (early && early.run) process.exit(await early.run());
    globalThis.__botsterEarlyClient = early;
  }

  // Start the Lua worker first: it boots (and compiles Lua's wasm) while the CLI and the UI load.
  // Only the commands that run Lua get it; plain botster-tui is a thin client (the server runs Lua).
  // A miss only costs speed: the CLI starts its own worker.
  const LUA_COMMANDS = ['snapshot', 'check', 'keys', 'server'];
  if (
    LUA_COMMANDS.includes(command) &&
    !argv.includes('--live') &&
    !argv.some((a) => ['--help', '-h', '--version', '-v'].includes(a))
  ) {
    const { Worker } = require('node:worker_threads');
    const worker = new Worker(path.join(__dirname, '../dist/bundle/lua-worker-entry.cjs'));
    const early = { worker, early: [], dead: false, release: () => {} };
    const keep = (m) => early.early.push(m);
    const died = () => (early.dead = true);
    worker.on('message', keep);
    worker.on('error', died);
    worker.on('exit', died);
    early.release = () => {
      worker.off('message', keep);
      worker.off('error', died);
      worker.off('exit', died);
    };
    globalThis.__botsterEarlyWorker = early;
  }
  // The hub server runs the CLI as one CommonJS script compiled with V8's code cache
  // (src/cli/code-cache.ts); its yoga-layout (WebAssembly, compiled in the background meanwhile) first.
  if (command === 'server' && !argv.some((a) => ['--help', '-h', '--version', '-v'].includes(a))) {
    let cli;
    try {
      const yoga = require('../dist/bundle/yoga.cjs').loadYoga();
      cli = require('../dist/bundle/code-cache.cjs').compileCached(
        path.join(__dirname, '../dist/bundle/cli.cjs'),
      );
      globalThis.__botsterYoga = await yoga;
    } catch (err) {
      // (A build without it, or without yoga.wasm: the ES module CLI below runs the server as
      // well, only slower; cli.cjs cannot run without the yoga loaded here.)
      if (!(err && err.code === 'MODULE_NOT_FOUND') && !(err && err.code === 'ENOENT')) throw err;
      cli = undefined;
    }
    if (cli) return cli.run();
  }
  await import(bundle('botster-tui.mjs'));
})().catch((err) => {
  const code = err && err.code;
  if (code === 'EMFILE' || code === 'ENFILE') {
    const detail = String(err.message).split('\n')[0];
    const now = fdLimit();
    failed(
      code === 'ENFILE'
        ? `the system is out of file descriptors (${detail}): close some programs and start again`
        : `out of file descriptors (${detail}): ${now === undefined ? '' : `ulimit -n is ${now}; `}raise it (ulimit -n 4096) and start again`,
    );
  }
  process.stderr.write(`botster-tui: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
