#!/usr/bin/env node
// `botster-tui --version` answers from package.json without loading the CLI at all.
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

const argv = process.argv.slice(2);
if (process.env.BOTSTER_TRACE) {
  const now = performance.now();
  const { appendFileSync } = await import('node:fs');
  appendFileSync(process.env.BOTSTER_TRACE, `${now.toFixed(1)} ${(performance.timeOrigin + now).toFixed(1)} ${process.pid} bin: node booted\n`);
}
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
  process.exit(0);
}

// Plain botster-tui (and attach): connect to this home's hub server or start it before anything
// else loads; the server's start is the long pole of a cold start (see src/client/early-start.ts).
const VALUE_FLAGS = ['--agent', '--home', '--layout', '--scrollback', '--size', '--wait', '--keys'];
const command = argv.find((a, i) => !a.startsWith('-') && !VALUE_FLAGS.includes(argv[i - 1]));
if (command === undefined || command === 'attach') {
  const { earlyStart } = await import('../dist/bundle/early-start.mjs');
  globalThis.__botsterEarlyClient = await earlyStart(argv);
}

// Start the Lua worker first: it boots (and compiles Lua's wasm) while the CLI and the UI load.
// Only the commands that run Lua get it; plain botster-tui is a thin client (the server runs Lua).
// A miss only costs speed: the CLI starts its own worker.
const LUA_COMMANDS = ['snapshot', 'check', 'keys', 'server'];
if (LUA_COMMANDS.includes(command) && !argv.includes('--live') && !argv.some((a) => ['--help', '-h', '--version', '-v'].includes(a))) {
  const worker = new Worker(new URL('../dist/bundle/lua-worker.mjs', import.meta.url));
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
await import('../dist/bundle/botster-tui.mjs');
