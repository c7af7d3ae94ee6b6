import type { LuaEngine } from '../engine/index.js';
import { packageVersion } from '../../wire/version.js';
import { widgetBuildersChunk } from '../../widgets/lua-builders.js';
import type { ConfigFile } from './config-file.js';
import { parseKeySpec } from '../../keys/key-spec.js';
import { webHooks } from './web-hooks.js';
import type { LogFn } from './engine-unit.js';
import { loadError } from './locate-error.js';
import { installRequire, moduleRootOf } from './user-modules.js';
import { HOST_FILES } from './host-files.js';
import { HOST_CARRY } from './host-carry.js';
import { SLOTS } from './slots.js';
import { LOAD_BUDGET_MS, MEMORY_MB } from './config-limits.js';
import type { Persisted } from './persisted.js';

// The configuration's own state made ready and its files run in order (improvements and plugins
// load in sandboxes of their own: improvement-unit.ts).

/** What the host gives Lua before anything else: its log, key specs, web.turbo_stream. */
export function installHostCalls(engine: LuaEngine, log: LogFn): void {
  engine.setGlobal('__host_log', (level: unknown, message: unknown) => log(String(level), String(message)));
  engine.setGlobal('__host_parse_key_spec', (spec: unknown) => parseKeySpec(String(spec)));
  engine.setGlobal('__host_web_stream', (s: unknown) => webHooks.stream(s)); // web.turbo_stream
}

/**
 * Runs the configuration's files (not improvements, plugins or modules) after the world they
 * expect. `collect` (botster-tui check): bad key specs and unknown commands gathered there.
 */
export function loadConfigFiles(
  engine: LuaEngine,
  files: ConfigFile[],
  persisted: Persisted,
  collect?: string[],
): void {
  prepareWorld(engine, files, persisted, collect);
  runConfigFiles(engine, files, 0, files.length, collect);
}

/** The world the files expect, before the first one runs (loadConfigFiles' first half). */
export function prepareWorld(
  engine: LuaEngine,
  files: ConfigFile[],
  persisted: Persisted,
  collect?: string[],
): void {
  engine.setGlobal('__botster', {
    user_state: persisted.user_state ?? {},
    namespaces: persisted.namespaces ?? {},
    env_notify: process.env.BOTSTER_NOTIFY ?? null,
    slot_defs: SLOTS,
    // The hub's release: clis.define({ hub = "0.2.0" }) refuses to load on an older one.
    hub_version: packageVersion(),
  });
  // What ui.NAME builds, from the widgets' registry (before lua/core/ui.lua reads it).
  engine.run(widgetBuildersChunk(), '=widgets', { budgetMs: LOAD_BUDGET_MS });
  // The trusted configuration reads the user's files (lua/core/files.lua) and environment; the
  // engine's own os.getenv knows only emscripten's made-up one.
  for (const [name, fn] of Object.entries(HOST_FILES)) engine.setGlobal(name, fn);
  // (and copies a transcript into another account's folder: files.carry)
  for (const [name, fn] of Object.entries(HOST_CARRY)) engine.setGlobal(name, fn);
  engine.setGlobal('os.getenv', (name: unknown) => process.env[String(name)] ?? null);
  // These reach emscripten's in-memory files or the worker's stdout (which would corrupt the
  // TUI), never the user's disk: remove them rather than let them mislead.
  engine.run('io = nil; dofile = nil; loadfile = nil; require = nil; package = nil', '=botster', {
    budgetMs: LOAD_BUDGET_MS,
  });
  installRequire(engine, moduleRootOf(files), LOAD_BUDGET_MS);
  if (collect) engine.setGlobal('__botster.check_errors', []);
}

/** Runs files[from..to) in order (the configuration's own layers; improvements and plugins load elsewhere). */
export function runConfigFiles(
  engine: LuaEngine,
  files: ConfigFile[],
  from: number,
  to: number,
  collect?: string[],
): void {
  const collected = () => {
    const list = collect ? engine.getGlobal('__botster.check_errors') : null;
    if (Array.isArray(list)) collect?.push(...list.map(String));
  };
  for (const f of files.slice(from, to)) {
    if (f.layer === 'improvement' || f.layer === 'plugin' || f.layer === 'modules') continue;
    try {
      const asModule = f.module ? { through: '__botster.run_user_file', args: [f.module, f.name] } : {};
      // A project's file: the profiles it defines run in its folder unless they say otherwise.
      engine.setGlobal('__botster.project', f.project ?? null);
      engine.run(f.source, f.name, { budgetMs: LOAD_BUDGET_MS, ...asModule });
    } catch (err) {
      collected();
      throw loadError(err, f.name, MEMORY_MB);
    }
  }
  collected();
  if (to === files.length) engine.setGlobal('__botster.project', null);
}
