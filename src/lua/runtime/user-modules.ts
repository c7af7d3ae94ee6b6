// `require("name")` for the trusted configuration: Lua users keep helpers in files of their own.
// Modules come only from $BOTSTER_HOME/user (name.lua, then name/init.lua; "a.b" is a/b.lua), are
// read fresh by each configuration build (a reload builds fresh, so an edited module is live) and
// cached for that build. Improvements (sandboxed) never get require.
import fs from 'node:fs';
import path from 'node:path';
import type { LuaEngine } from '../engine/index.js';
import type { ConfigFile } from './config-file.js';

const NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** The module a top-level user file also is (`settings.lua` is require("settings")), if it can be one. */
export function moduleNameOf(fileName: string): string | undefined {
  const name = fileName.replace(/\.lua$/, '');
  return /^[A-Za-z0-9_-]+$/.test(name) ? name : undefined;
}

/** Where `require` looks: the folder's real path and the name errors show for it. */
export interface ModuleRoot {
  dir: string;
  shown: string;
}

/** The modules entry readConfigFiles adds (layer 'modules': `path` is the folder). */
export function moduleRootOf(files: ConfigFile[]): ModuleRoot | null {
  const entry = files.find((f) => f.layer === 'modules');
  return entry?.path ? { dir: entry.path, shown: entry.name } : null;
}

/** Finds and reads a module: { name, source } or { error } naming every place it looked. */
export function findModule(
  root: ModuleRoot | null,
  name: unknown,
): { name: string; source: string } | { error: string } {
  if (typeof name !== 'string' || !NAME.test(name)) {
    return {
      error: `require: module names are words separated by dots ("helpers", "ui.widgets"), got ${typeof name === 'string' ? JSON.stringify(name) : typeof name}`,
    };
  }
  if (!root) return { error: `require: module '${name}' not found: this configuration has no user folder` };
  const rel = name.split('.').join('/');
  const tried: string[] = [];
  for (const candidate of [`${rel}.lua`, `${rel}/init.lua`]) {
    const file = path.join(root.dir, candidate);
    const shown = `${root.shown}/${candidate}`;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      tried.push(shown);
      continue;
    }
    // Only regular files: a FIFO or device would block the read.
    if (!stat.isFile()) return { error: `require: ${shown} is not a regular file` };
    try {
      return { name: shown, source: fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '') };
    } catch (err) {
      return {
        error: `require: cannot read ${shown}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      };
    }
  }
  return { error: `module '${name}' not found:\n\tno file ${tried.join('\n\tno file ')}` };
}

// Runs before any configuration file. Modules load as chunks named after their file, so their
// errors read `user/name.lua:3: ...`; a module that requires itself (directly or not) is an error,
// not a stack overflow.
const REQUIRE_LUA = `
local find, load, error, type = __host_find_module, load, error, type
__host_find_module = nil
local loaded, loading = {}, {}
package = { loaded = loaded }
function require(name)
  local v = loaded[name]
  if v ~= nil then return v end
  if loading[name] then error(("require: module '%s' requires itself (a loop)"):format(tostring(name)), 2) end
  local found = find(name)
  if found.error then error(found.error, 2) end
  local chunk, err = load(found.source, "@" .. found.name, "t")
  if not chunk then error(err, 0) end
  loading[name] = true
  local ok, result = pcall(chunk, name, found.name)
  loading[name] = nil
  if not ok then error(result, 0) end
  if result == nil then result = true end
  loaded[name] = result
  return result, found.name
end
-- A top-level file of user/ is also the module of its name: it runs once per build, at its turn in
-- the load order, or earlier if a file before it requires it (then its turn skips it). No pcall:
-- its errors leave exactly as a plain run's.
function __botster.run_user_file(name, shown, chunk)
  if loaded[name] ~= nil or loading[name] then return end
  loading[name] = true
  local result = chunk(name, shown)
  loading[name] = nil
  if result == nil then result = true end
  loaded[name] = result
end
`;

/** Gives the engine a `require` that reads modules from `root` (none when root is null). */
export function installRequire(engine: LuaEngine, root: ModuleRoot | null, budgetMs: number): void {
  engine.setGlobal('__host_find_module', (name: unknown) => findModule(root, name));
  engine.run(REQUIRE_LUA, '=require', { budgetMs });
}
