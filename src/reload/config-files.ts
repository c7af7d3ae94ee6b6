import fs from 'node:fs';
import path from 'node:path';
import type { ConfigFile } from '../lua/runtime/config-file.js';
import { PACKAGE_ROOT, displayPath } from './paths.js';
import { ImprovementHistory } from './improvement-history.js';
import { readLuaSource } from './read-lua-source.js';
import { isEditorJunk } from './watch-roots.js';
import { moduleNameOf } from '../lua/runtime/user-modules.js';
import { projectFiles } from './projects.js';
import { pluginConfigFiles } from './plugin-files.js';

// Load order (docs/files.md#load-order): core -> default -> keybindings/ -> plugins -> user -> project -> improvements.
export const CORE = [
  'log.lua',
  'ui.lua',
  'app.lua',
  'layout.lua',
  'state.lua',
  'actions.lua',
  'views.lua',
  'select.lua',
  'verb_forms.lua',
  'verbs.lua',
  'json.lua',
  'crypto.lua',
  'tasks.lua',
  'keys.lua',
  'settings.lua',
  'machines.lua',
  'hooks.lua',
  'web.lua',
  'flows.lua',
  // (pipelines defined, run, and their merge kinds)
  'pipelines.lua',
  'pipelines_run.lua',
  'pipelines_merge.lua',
  // (the status adapters, then what they read: a drawn line, the screen, its dialogs, its work)
  'status.lua',
  'status_text.lua',
  'status_screen.lua',
  'status_dialogs.lua',
  'status_work.lua',
  'files.lua',
  'profiles.lua',
  'clis.lua',
  'permissions.lua',
];
// 'clis/' stands for every lua/default/clis/*.lua (one file per agent CLI), sorted.
const DEFAULTS = [
  'theme.lua',
  'layout.lua',
  'status.lua',
  'clis/',
  'attention.lua',
  'hint.lua',
  'questions.lua',
  'notify.lua',
  'push.lua',
  'worktrees.lua',
  'sandbox.lua',
  'sandbox_hosts.lua',
  'review.lua',
  'grid.lua',
  'usage.lua',
  'account_limits.lua',
  'accounts.lua',
  'resume_at_reset.lua',
  'machines.lua',
  'search.lua',
  'projects.lua',
  'commands.lua',
  'answers.lua',
  'dialogs.lua',
  'sessions.lua',
  'merges.lua',
  'pipelines.lua',
  'plugins.lua',
  'improvements.lua',
  'drive.lua',
  'messages.lua',
  'prompts.lua',
  'interrupt.lua',
  'permissions.lua',
  'web/routes.lua',
  'web/improvements.lua',
];

export interface ConfigSources {
  home: string;
  /** --layout FILE: replaces user/layout.lua. */
  layoutFile?: string;
  /** Repositories whose `.botster/` loads after the user's files: trusted ones as the user's, others sandboxed. */
  projects?: Array<{ root: string; trusted: boolean }>;
}

function read(file: string, layer: ConfigFile['layer']): ConfigFile {
  return { name: displayPath(file), source: readLuaSource(file, displayPath(file)), layer };
}

// The shipped files (~80 of them) were most of what each reload read from disk, and they change
// only when the watcher says so (lua/ and keybindings/ are watched): kept as read until it does.
const shipped = new Map<string, ConfigFile>();
function readShipped(file: string, layer: ConfigFile['layer']): ConfigFile {
  let f = shipped.get(file);
  if (!f) shipped.set(file, (f = read(file, layer)));
  return f;
}

/** These files changed (none named: any may have): a shipped one among them, every shipped file is read again. */
export function forgetShipped(files?: string[]): void {
  if (!files || files.some(isShipped)) shipped.clear();
}
let packageRoots: string[] | null = null;
function isShipped(file: string): boolean {
  if (!packageRoots) {
    let real = PACKAGE_ROOT;
    try {
      real = fs.realpathSync(PACKAGE_ROOT);
    } catch {
      // as it is named
    }
    packageRoots = [PACKAGE_ROOT, real].map((r) => path.resolve(r) + path.sep);
  }
  const abs = path.resolve(file);
  return packageRoots.some((r) => abs.startsWith(r));
}

// user/: every top-level *.lua is configuration. profiles.lua first (the others may name profiles),
// then the rest by name, then these three in this order (today's order for the files the hub
// always knew; bindings see the settings made before them, the layout comes last).
const USER_FIRST = ['profiles.lua'];
const USER_LAST = ['keybindings.lua', 'hooks.lua', 'layout.lua'];
// Not configuration: it reviews improvements in a sandbox of its own (improvements-service.ts).
const USER_NOT_CONFIG = new Set(['policy.lua']);
/** A test of the user's Lua (`botster-tui test`, src/cli/lua-test/): never configuration. */
const isLuaTest = (name: string) => name.endsWith('_test.lua');

/**
 * The top-level files of user/ that load, in load order (paths; `layout.lua` is left out when
 * --layout replaces it). Hidden and editors' files are not configuration; subfolders hold modules,
 * loaded by `require` only.
 */
export function userConfigFiles(src: ConfigSources): string[] {
  const dir = path.join(src.home, 'user');
  let names: string[];
  try {
    names = fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.lua') && !isEditorJunk(n) && !USER_NOT_CONFIG.has(n) && !isLuaTest(n));
  } catch {
    return []; // no user folder: the defaults
  }
  const rank = (n: string) =>
    USER_FIRST.includes(n) ? -1 : USER_LAST.includes(n) ? USER_LAST.indexOf(n) + 1 : 0;
  const ordered = names.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return ordered.filter((n) => !(n === 'layout.lua' && src.layoutFile)).map((n) => path.join(dir, n));
}

/**
 * Lua files in user/ that do not load as configuration, each with why (for the log: a file that is
 * not loaded is never silent).
 */
export function userFilesNotLoaded(src: ConfigSources): string[] {
  const dir = path.join(src.home, 'user');
  const out: string[] = [];
  const walk = (d: string, rel: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory() && !isEditorJunk(e.name) && depth < 6) walk(path.join(d, e.name), r, depth + 1);
      if (!e.name.endsWith('.lua') || e.isDirectory()) continue;
      if (isEditorJunk(e.name)) out.push(`user/${r}: not loaded (a hidden or editor's file)`);
      else if (rel)
        out.push(`user/${r}: a module, loaded only by require("${r.slice(0, -4).split('/').join('.')}")`);
      else if (isLuaTest(e.name)) out.push(`user/${r}: a test, run by botster-tui test (not configuration)`);
      else if (USER_NOT_CONFIG.has(e.name))
        out.push(`user/${r}: not configuration (it reviews improvements pushed by agents)`);
      else if (e.name === 'layout.lua' && src.layoutFile)
        out.push(`user/${r}: not loaded (--layout ${src.layoutFile} replaces it)`);
    }
  };
  walk(dir, '', 0);
  return out;
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
  for (const f of CORE) files.push(readShipped(path.join(PACKAGE_ROOT, 'lua/core', f), 'core'));
  for (const f of DEFAULTS) {
    if (!f.endsWith('/')) {
      files.push(readShipped(path.join(PACKAGE_ROOT, 'lua/default', f), 'default'));
      continue;
    }
    const dir = path.join(PACKAGE_ROOT, 'lua/default', f);
    for (const n of fs
      .readdirSync(dir)
      .filter((x) => x.endsWith('.lua'))
      .sort())
      files.push(readShipped(path.join(dir, n), 'default'));
  }
  const bindingsDir = path.join(PACKAGE_ROOT, 'keybindings');
  for (const f of fs
    .readdirSync(bindingsDir)
    .filter((n) => n.endsWith('.lua'))
    .sort())
    files.push(readShipped(path.join(bindingsDir, f), 'keybindings'));
  // Each in a state of its own (lua/runtime/plugin-gates.ts), after the shipped files, before yours.
  files.push(...pluginConfigFiles(src.home));
  const userFiles: ConfigFile[] = [];
  for (const file of userConfigFiles(src)) {
    const user = readIfExists(file, 'user');
    // Also the module of its name, so it runs once even when another file requires it.
    const module = moduleNameOf(path.basename(file));
    if (user) userFiles.push(module ? { ...user, module } : user);
  }
  // Improvements agents pushed and the policy (or the user) accepted; every version is in history.
  const history = new ImprovementHistory(src.home);
  for (const imp of history.list()) {
    if (imp.disabled || imp.liveVersion === null) continue;
    const f = readIfExists(history.livePath(imp.name), 'improvement');
    // Only the exact accepted version runs; anything else in that file goes through review first.
    if (f && history.matchesLive(imp.name, f.source))
      improvements.push({ ...f, name: `improvements/${imp.name}.lua`, ...grantOf(history, imp.name) });
  }
  files.push(...userFiles);
  files.push(...projectConfigFiles(src.projects ?? []));
  if (src.layoutFile) {
    const layoutFile = path.resolve(src.layoutFile);
    files.push(readIfExists(layoutFile, 'user') ?? read(layoutFile, 'user')); // --layout names a file: gone is an error
  }
  // Where require("name") looks (the worker reads modules when a file asks for them).
  const userDir = path.join(src.home, 'user');
  files.push({ name: displayPath(userDir), source: '', layer: 'modules', path: userDir });
  return [...files, ...improvements];
}

/** What the policy granted an improvement's live version (http, process, git), if anything. */
function grantOf(history: ImprovementHistory, name: string): Pick<ConfigFile, 'grant'> {
  const grant = history.liveGrant(name);
  return grant ? { grant } : {};
}

/** The same set without the user's files: what the hub falls back to when those are broken. */
export function withoutUserFiles(files: ConfigFile[]): ConfigFile[] {
  return files.filter((f) => f.layer !== 'user' && f.layer !== 'project' && f.layer !== 'improvement');
}

/**
 * Each project's `.botster/*.lua`: a trusted project's as the user's own files (after them), an
 * untrusted one's each in an improvement's sandbox (named `project:FILE`).
 */
export function projectConfigFiles(projects: Array<{ root: string; trusted: boolean }>): ConfigFile[] {
  const out: ConfigFile[] = [];
  for (const p of projects) {
    for (const file of projectFiles(p.root).lua) {
      const f = readIfExists(file, p.trusted ? 'project' : 'improvement');
      if (!f) continue;
      out.push(p.trusted ? { ...f, project: p.root } : { ...f, project: p.root, owner: `project:${f.name}` });
    }
  }
  return out;
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
