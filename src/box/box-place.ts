import os from 'node:os';
import path from 'node:path';
import { cacheFolder } from '../wire/cache-folder.js';
import { nativeClient } from '../wire/find-native.js';
import { packageRoot, within } from './box-paths.js';

// Where an agent runs, as its box needs it: one of the two inputs of a box's plan (box-plan.ts),
// the other being the box Lua resolved (box.ts).

/** Where the agent runs, as the box needs it. */
export interface BoxPlace {
  /** Its folder (cwd): written, unless the box fixes its folders. */
  cwd: string;
  /** Its HOME (for `~`). */
  home: string;
  /** The hub's home, its socket and what its hooks run (BOTSTER_HOME, BOTSTER_SOCKET, bin/, hooks/). */
  hub?: { home: string; socket?: string };
  /** The hub's caches (src/wire/cache-folder.ts): code the hub runs, never the box's to write. */
  caches?: string;
  /**
   * What the hub runs (node's install, the hub's package): read-only even inside a folder it writes
   * (an agent started in your home, node under ~/.nvm), unless it is that folder itself (a checkout
   * of the hub the agent works on).
   */
  runs?: string[];
  /** Other agents' folders (their worktrees): not seen. */
  others?: string[];
  /** The folders of its PATH. */
  path?: string[];
  /** The program it runs by name (`claude`, what its command runs: box-program.ts finds it on its PATH). */
  program?: string;
}

/** Where an agent with this folder and environment has its box: its home, PATH, the hub's home and socket, and the program it runs. */
export function boxPlace(cwd: string, env: Record<string, string | undefined>, program?: string): BoxPlace {
  const hub = env.BOTSTER_HOME;
  return {
    cwd,
    ...(program ? { program } : {}),
    home: env.HOME ?? os.homedir(),
    path: (env.PATH ?? '').split(':').filter((d) => d.startsWith('/')),
    ...(hub ? { hub: { home: hub, ...(env.BOTSTER_SOCKET ? { socket: env.BOTSTER_SOCKET } : {}) } } : {}),
    // (the server's own, where it and its Lua worker load them from)
    caches: cacheFolder(process.env),
    // (the native client's package too: an install has it beside the hub's, not inside it, and
    // the box's network bridge and its agents' hooks run it)
    runs: [path.dirname(path.dirname(process.execPath)), packageRoot(), ...nativeFolder()],
  };
}

/** What the hub runs in a box (node, its package, its native client's): the place's, else this process's. */
export const hubRuns = (place: BoxPlace): string[] =>
  place.runs ?? [path.dirname(path.dirname(process.execPath)), packageRoot()];

/** The folder of this install's native client, when there is one. */
function nativeFolder(): string[] {
  const found = nativeClient().path;
  const root = packageRoot();
  return found && !(root && within(found, root)) ? [path.dirname(found)] : [];
}
