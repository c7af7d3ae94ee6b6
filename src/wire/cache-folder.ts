import os from 'node:os';
import path from 'node:path';

// Where the hub keeps its caches: V8's code cache of its bundles (src/cli/code-cache.ts) and its
// Lua's bytecode (src/lua/engine/chunk-cache.ts). Both are code the hub runs, so the server reads
// them and a box never writes there (src/box/), even when it writes the home around them.

/** `$XDG_CACHE_HOME/botster-tui` (an absolute one), else `~/.cache/botster-tui`. */
export function cacheFolder(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)
      ? env.XDG_CACHE_HOME
      : path.join(os.homedir(), '.cache');
  return path.join(base, 'botster-tui');
}
