// The home's plugins: HOME/plugins/lock.json says which are installed, from where, pinned to what
// (a commit, a version, or a folder used in place) and what the user granted each; HOME/plugins/NAME
// holds the files that load. The hub only reads this (it never fetches); `botster-tui plugin` and
// the palette's plugin.* commands change it (install.ts). Its writes are whole-file renames, so the
// hub's watcher never reads half a lock.
import fs from 'node:fs';
import path from 'node:path';
import { isCapability, type Capability } from '../hub/capabilities.js';

export type PluginKind = 'git' | 'npm' | 'folder';

export interface LockEntry {
  name: string;
  kind: PluginKind;
  /** As the user gave it (a git URL, github:owner/repo, npm:NAME, a folder's absolute path). */
  source: string;
  /** The branch or tag it follows (git), or the version range asked for (npm). */
  ref?: string;
  /** git: the commit its files are from. */
  commit?: string;
  /** Its manifest's version (npm: the version installed). */
  version: string;
  /** What it asks for (its manifest) and what the user granted of that. */
  wants: Capability[];
  granted: Capability[];
  enabled: boolean;
  /** The commit or version it had before its last update (`plugin update NAME@PREVIOUS` goes back). */
  previous?: string;
}

export interface Lock {
  plugins: Record<string, LockEntry>;
}

export const LOCK_FILE = 'lock.json';
/** In each installed copy (git, npm): what it is, so a copy that is not the lock's is never loaded. */
export const PIN_FILE = '.botster-pin';

export function pluginsDir(home: string): string {
  return path.join(home, 'plugins');
}

export function lockPath(home: string): string {
  return path.join(pluginsDir(home), LOCK_FILE);
}

/** Where a plugin's files are (a folder plugin: a link to its folder). */
export function livePath(home: string, name: string): string {
  return path.join(pluginsDir(home), name);
}

/** The pin an entry's copy must carry. */
export function pinOf(e: LockEntry): string {
  return e.kind === 'git' ? (e.commit ?? '') : e.kind === 'npm' ? e.version : 'folder';
}

function caps(v: unknown): Capability[] {
  return Array.isArray(v) ? v.filter((x): x is Capability => typeof x === 'string' && isCapability(x)) : [];
}

/** The lock as it is on disk (none: no plugins); a lock that cannot be read throws `FILE: message`. */
/** What the user granted plugin `name` (none when it is not listed, or the lock cannot be read). */
export function grantsOf(home: string, name: string): readonly string[] {
  try {
    return readLock(home).plugins[name]?.granted ?? [];
  } catch {
    return [];
  }
}

export function readLock(home: string): Lock {
  const file = lockPath(home);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { plugins: {} };
    throw new Error(`${file}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not JSON (${(err as Error).message})`);
  }
  const list = (raw as { plugins?: unknown })?.plugins;
  if (!list || typeof list !== 'object') throw new Error(`${file}: no "plugins" object`);
  const plugins: Record<string, LockEntry> = {};
  for (const [name, v] of Object.entries(list as Record<string, unknown>)) {
    const e = v as Partial<LockEntry>;
    if (!e || typeof e !== 'object' || !['git', 'npm', 'folder'].includes(String(e.kind))) continue;
    plugins[name] = {
      name,
      kind: e.kind as PluginKind,
      source: String(e.source ?? ''),
      ...(typeof e.ref === 'string' ? { ref: e.ref } : {}),
      ...(typeof e.commit === 'string' ? { commit: e.commit } : {}),
      version: String(e.version ?? ''),
      wants: caps(e.wants),
      granted: caps(e.granted),
      enabled: e.enabled !== false,
      ...(typeof e.previous === 'string' ? { previous: e.previous } : {}),
    };
  }
  return { plugins };
}

export function writeLock(home: string, lock: Lock): void {
  const file = lockPath(home);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sorted = Object.fromEntries(Object.entries(lock.plugins).sort(([a], [b]) => (a < b ? -1 : 1)));
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ plugins: sorted }, null, 2) + '\n');
  fs.renameSync(tmp, file);
}

/** The pin an installed copy carries (null: none, or not there). */
export function readPin(dir: string): string | null {
  try {
    return fs.readFileSync(path.join(dir, PIN_FILE), 'utf8').trim();
  } catch {
    return null;
  }
}
