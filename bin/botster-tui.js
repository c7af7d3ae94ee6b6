#!/usr/bin/env node
// Start the Lua worker first: it boots (and compiles Lua's wasm) while the main bundle loads.
import { Worker } from 'node:worker_threads';

const wantsHub = !process.argv.some((a) => a === '--help' || a === '-h' || a === '--version' || a === '-v');
if (wantsHub) {
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
