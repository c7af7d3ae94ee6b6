import fs from 'node:fs';
import path from 'node:path';
import type { ConfigFile } from '../lua/runtime/config-file.js';
import { PACKAGE_ROOT, displayPath } from './paths.js';
import { ImprovementHistory } from '../improvements/history.js';
import { readLuaSource } from '../reload/read-lua-source.js';

// Load order (DESIGN §2): core -> default -> keybindings/ -> user -> improvements.
const CORE = ['log.lua', 'ui.lua', 'app.lua', 'actions.lua', 'keys.lua', 'settings.lua', 'hooks.lua', 'flows.lua', 'status.lua', 'profiles.lua'];
// 'adapters/' stands for every lua/default/adapters/*.lua (one status adapter per CLI), sorted.
const DEFAULTS = ['theme.lua', 'layout.lua', 'adapters/', 'attention.lua', 'hint.lua', 'notify.lua', 'worktrees.lua', 'commands.lua', 'dialogs.lua'];

export interface ConfigSources {
  home: string;
  /** --layout FILE: replaces user/layout.lua. */
  layoutFile?: string;
}

function read(file: string, layer: ConfigFile['layer']): ConfigFile {
  return { name: displayPath(file), source: readLuaSource(file, displayPath(file)), layer };
}

/**
 * A user's file that is there but cannot be read (a folder, a FIFO, no permission) fails to load
 * like a broken file, with the reason as its error: the last good configuration stays live (the
 * shipped defaults at start) and the user sees why, instead of nothing loading at all.
 */
function unreadable(file: string, layer: ConfigFile['layer'], err: Error): ConfigFile {
  let eq = '';
  while (err.message.includes(`]${eq}]`)) eq += '=';
  return { name: displayPath(file), source: `error([${eq}[${err.message}]${eq}], 0)`, layer };
}

function readIfExists(file: string, layer: ConfigFile['layer']): ConfigFile | null {
  try {
    return read(file, layer);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return unreadable(file, layer, err as Error);
  }
}

/** Every file of the configuration, read now, in load order. */
export function readConfigFiles(src: ConfigSources): ConfigFile[] {
  const files: ConfigFile[] = [];
  const improvements: ConfigFile[] = [];
  for (const f of CORE) files.push(read(path.join(PACKAGE_ROOT, 'lua/core', f), 'core'));
  for (const f of DEFAULTS) {
    if (!f.endsWith('/')) {
      files.push(read(path.join(PACKAGE_ROOT, 'lua/default', f), 'default'));
      continue;
    }
    const dir = path.join(PACKAGE_ROOT, 'lua/default', f);
    for (const n of fs.readdirSync(dir).filter((x) => x.endsWith('.lua')).sort()) files.push(read(path.join(dir, n), 'default'));
  }
  const bindingsDir = path.join(PACKAGE_ROOT, 'keybindings');
  for (const f of fs.readdirSync(bindingsDir).filter((n) => n.endsWith('.lua')).sort()) files.push(read(path.join(bindingsDir, f), 'keybindings'));
  for (const f of ['profiles.lua', 'keybindings.lua', 'hooks.lua']) {
    const user = readIfExists(path.join(src.home, 'user', f), 'user');
    if (user) files.push(user);
  }
  // Improvements agents pushed and the policy (or the user) accepted; every version is in history.
  const history = new ImprovementHistory(src.home);
  for (const imp of history.list()) {
    if (imp.disabled || imp.liveVersion === null) continue;
    const f = readIfExists(history.livePath(imp.name), 'improvement');
    // Only the exact accepted version runs; anything else in that file goes through review first.
    if (f && history.matchesLive(imp.name, f.source)) improvements.push({ ...f, name: `improvements/${imp.name}.lua` });
  }
  const layoutFile = src.layoutFile ? path.resolve(src.layoutFile) : path.join(src.home, 'user/layout.lua');
  const layout = readIfExists(layoutFile, 'user');
  if (!layout && src.layoutFile) read(layoutFile, 'user'); // --layout names a file: gone is an error
  if (layout) files.push(layout);
  // Where require("name") looks (the worker reads modules when a file asks for them).
  const userDir = path.join(src.home, 'user');
  files.push({ name: displayPath(userDir), source: '', layer: 'modules', path: userDir });
  return [...files, ...improvements];
}

/** The same set without the user's files: what the hub falls back to when those are broken. */
export function withoutUserFiles(files: ConfigFile[]): ConfigFile[] {
  return files.filter((f) => f.layer !== 'user' && f.layer !== 'improvement');
}

/**
 * Lua files dropped into improvements/ that are not an accepted version: they are moved aside to
 * improvements/.dropped/ (so they never run unreviewed) and returned for review.
 */
export function takeDroppedImprovements(home: string): Array<{ name: string; source: string }> {
  const dir = path.join(home, 'improvements');
  const history = new ImprovementHistory(home);
  const out: Array<{ name: string; source: string }> = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.lua'));
  } catch {
    return out;
  }
  for (const file of names) {
    const name = file.slice(0, -4);
    const full = path.join(dir, file);
    let source: string;
    try {
      source = readLuaSource(full);
    } catch {
      continue; // gone, or not a regular file (a FIFO must not block the hub)
    }
    if (history.matchesLive(name, source)) continue;
    fs.mkdirSync(path.join(dir, '.dropped'), { recursive: true });
    fs.renameSync(full, path.join(dir, '.dropped', `${name}-${Date.now()}.lua`));
    out.push({ name, source });
  }
  return out;
}
