import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { fileURLToPath } from 'node:url';
import { cacheDir, cacheFileOf } from './code-cache.js';

declare const __BOTSTER_BUNDLE__: boolean | undefined;

// V8 optimizes a function once it has run a budget of bytecode (66 KB by default). The code a key
// and its echo go through is ~100 small functions run once per key: in a hub server it stayed in
// baseline code for hundreds of keys, so typing into a fresh hub never got past it. Measured on
// the server's own part of an echo (key read -> PTY write, echo read -> frame write, interleaved
// runs): 4 KB takes ~15% and ~20% off them.
//
// A V8 flag given on the command line makes node compile its own built-in modules from source
// (their cache is checked against the flags: +30-40 ms at every start), so the server sets it
// once its start-up is over. V8 checks our code caches (code-cache.ts) against the flags too: a
// cache made after the change would be refused at the next start, so the change waits until
// this start's caches are on disk (a start that ran from them writes none).

const BUDGET = '--interrupt-budget=4096';
const RETRY_MS = 1000;
/** Code caches are written 2.5 s after their script starts (code-cache.ts): by then they are. */
const GIVE_UP_AFTER = 10;

/**
 * Lowers V8's optimization budget once the `caches` (files; empty when there is no cache folder)
 * exist; returns how to stop waiting for them.
 */
export function tierUpSooner(caches: string[]): () => void {
  let timer: NodeJS.Timeout | null = null;
  let tries = 0;
  const attempt = () => {
    timer = null;
    if (tries++ < GIVE_UP_AFTER && !caches.every((f) => fs.existsSync(f))) {
      timer = setTimeout(attempt, RETRY_MS);
      timer.unref();
      return;
    }
    v8.setFlagsFromString(BUDGET);
  };
  attempt();
  return () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
}

/**
 * The code caches of the bundled server and its Lua worker, where they are kept (none: no cache
 * folder, or a server run from tsc's output, which has none).
 */
export function serverCaches(dir: string | null = cacheDir()): string[] {
  if (!dir || typeof __BOTSTER_BUNDLE__ === 'undefined' || !__BOTSTER_BUNDLE__) return [];
  const bundle = path.dirname(fileURLToPath(import.meta.url));
  return ['cli.cjs', 'lua-worker.cjs']
    .map((f) => cacheFileOf(path.join(bundle, f), dir))
    .filter((f): f is string => f !== undefined);
}
