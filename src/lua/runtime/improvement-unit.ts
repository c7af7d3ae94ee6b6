import { LuaEngine } from '../engine/index.js';
import { packageVersion } from '../../wire/version.js';
import { parseKeySpec } from '../../keys/key-spec.js';
import type { ConfigFile } from './config-file.js';
import { EngineUnit, type LogFn } from './engine-unit.js';
import { SLOTS } from './slots.js';
import { widgetBuildersChunk } from '../../widgets/lua-builders.js';
import { loadError } from './locate-error.js';
import { seal, WORLD } from './unit-world.js';
import { gatePlugin, PLUGIN_CORE, type PluginGrant } from './plugin-gates.js';
import { installPrimitives } from './primitives.js';
import { pluginGrant, sandboxGrant, type SandboxGrant } from './task-grants.js';
import type { LuaTasks } from './lua-tasks.js';

export const IMPROVEMENT_BUDGET_MS = 50;
export const IMPROVEMENT_MEMORY = 16 * 1024 * 1024;

// The core modules an improvement gets, loaded into its own sandboxed state after this prelude.
const CORE_FOR_IMPROVEMENTS = [
  'lua/core/log.lua',
  'lua/core/ui.lua',
  'lua/core/actions.lua',
  'lua/core/json.lua',
  'lua/core/crypto.lua',
  'lua/core/tasks.lua',
  'lua/core/keys.lua',
  'lua/core/hooks.lua',
  'lua/core/status.lua',
  'lua/core/clis.lua',
  'lua/core/layout.lua',
];

function prelude(name: string, file: string): string {
  // No debug library in the sandbox: sources name the improvement instead of a line.
  return `__botster = { improvement = ${JSON.stringify(name)}, where = function() return ${JSON.stringify(file)} end }`;
}

// An untrusted project's file may define profiles, settings and a layout (App:render): what would
// run commands or change the hub waits for the user's trust, and the log says so instead of the
// file failing (a layout.lua said "attempt to index a nil value (global 'App')").
const UNTRUSTED_STUBS = `
local function later(what) __host_log("info", what .. " ignored until you trust the project (project.trust)") end
profiles = { list = {}, define = function(name) later("profile " .. tostring(name)) end }
settings = setmetatable({}, { __newindex = function(_, k) later("settings." .. tostring(k)) end })
App = setmetatable({}, { __newindex = function(_, k) later("App:" .. tostring(k)) end })
`;

// An improvement adds no pages to the web: routes.get/post say so at its line (a plugin granted
// \`web\` loads lua/core/web.lua instead, and adds them).
const NO_ROUTES = `
local error = error
local function refused(fname)
  return function()
    error(fname .. ": an improvement cannot add routes to the web (your user/routes.lua can, or a plugin granted web)", 2)
  end
end
routes = { get = refused("routes.get"), post = refused("routes.post") }
`;

// Naming a plugin index is the user's (their own files load lua/core/settings.lua): an improvement,
// a plugin or a project is told so at its line.
const NO_INDEXES = `
local error = error
plugins = { index = function()
  error("plugins.index: only your own files name plugin indexes (not an improvement, a plugin or a project)", 2)
end }
`;

/**
 * Loads one improvement into a fresh sandboxed Lua state (no io/os/require/debug/dump, 16 MB,
 * 50 ms per call) with keys, commands, hooks/events, its own state and log. Throws
 * `improvements/NAME.lua:line: message` when it does not load.
 */
export async function loadImprovement(
  name: string,
  source: string,
  core: ConfigFile[],
  log: LogFn,
  namespaces?: unknown,
  file = `improvements/${name}.lua`,
  plugin?: PluginGrant,
  /** What the policy granted an improvement (http, process, git): nothing by default. */
  grant?: SandboxGrant,
): Promise<EngineUnit> {
  const engine = await LuaEngine.create({
    sandbox: true,
    memoryLimit: IMPROVEMENT_MEMORY,
    defaultBudgetMs: IMPROVEMENT_BUDGET_MS,
  });
  let tasks: LuaTasks | null = null;
  try {
    engine.setGlobal('__host_log', (level: unknown, message: unknown) =>
      log(String(level), `improvement ${name}: ${String(message)}`),
    );
    // A plugin reaches what it was granted (hosts, commands, git); an improvement or an untrusted
    // project nothing outside (timers, json and crypto are everyone's).
    tasks = installPrimitives(
      engine,
      name,
      plugin
        ? pluginGrant(name.replace(/^plugin:/, ''), plugin.granted, plugin.hosts, plugin.commands)
        : sandboxGrant(name, grant),
    );
    engine.setGlobal('__host_parse_key_spec', (spec: unknown) => parseKeySpec(String(spec)));
    engine.run(prelude(name, file), '=prelude', { budgetMs: IMPROVEMENT_BUDGET_MS * 4 });
    // Its state.get tables from before the reload (plain data).
    if (namespaces && typeof namespaces === 'object') engine.setGlobal('__botster.namespaces', namespaces);
    engine.setGlobal('__botster.slot_defs', SLOTS);
    engine.setGlobal('__botster.hub_version', packageVersion());
    engine.run(widgetBuildersChunk(), '=widgets', { budgetMs: IMPROVEMENT_BUDGET_MS * 4 });
    for (const f of plugin ? [...CORE_FOR_IMPROVEMENTS, ...PLUGIN_CORE] : CORE_FOR_IMPROVEMENTS) {
      const file = core.find((c) => c.name === f);
      if (!file) throw new Error(`${f} is missing`);
      engine.run(file.source, file.name, { budgetMs: IMPROVEMENT_BUDGET_MS * 4 });
    }
    if (!plugin) engine.run(NO_ROUTES, '=routes', { budgetMs: IMPROVEMENT_BUDGET_MS * 4 });
    engine.run(NO_INDEXES, '=plugins', { budgetMs: IMPROVEMENT_BUDGET_MS * 4 });
    if (name.startsWith('project:'))
      engine.run(UNTRUSTED_STUBS, '=project', { budgetMs: IMPROVEMENT_BUDGET_MS * 4 });
    // Its own world (unit-world.ts), and the host's entry points taken before its code runs.
    const entries = seal(engine, IMPROVEMENT_BUDGET_MS * 4);
    // A plugin: what it was not granted raises an error naming the capability; require reads its folder.
    const extra = plugin ? gatePlugin(engine, name, plugin, IMPROVEMENT_BUDGET_MS * 4) : undefined;
    engine.run(source, file, { budgetMs: IMPROVEMENT_BUDGET_MS, env: WORLD });
    const unit = new EngineUnit(
      engine,
      IMPROVEMENT_BUDGET_MS,
      name,
      { entries, file, ...(extra ? { plugin: extra } : {}) },
      tasks,
    );
    // What it registered, read now: one that cannot say is left out here, not later.
    unit.export();
    unit.pieces();
    return unit;
  } catch (err) {
    tasks?.stop();
    engine.close();
    throw err;
  }
}

/**
 * The sandboxed files of a configuration, each in a state of its own: improvements (one that does
 * not load is left out, told as `improvements/NAME.lua:LINE: message`, never fatal) and untrusted
 * projects' files (the user's to fix, like their own: an error is thrown, so the last good
 * configuration stays and the error shows). `notice` tells the user (the hub also logs it); `log`
 * is their log.
 */
export async function loadSandboxed(
  files: ConfigFile[],
  notice: (text: string) => void,
  persisted: Record<string, unknown>,
  log: LogFn,
): Promise<Map<string, EngineUnit>> {
  const core = files.filter((f) => f.layer === 'core');
  const units = new Map<string, EngineUnit>();
  try {
    // Plugins first (after them come your files' and the improvements' keys): one that does not
    // load stays off, told as its file:line; the rest load.
    for (const f of files.filter((x) => x.layer === 'plugin' && x.plugin)) {
      const p = f.plugin!;
      const name = `plugin:${p.name}`;
      try {
        units.set(name, await loadImprovement(name, f.source, core, log, persisted[name], f.name, p));
      } catch (err) {
        notice(
          `${loadError(err, f.name, IMPROVEMENT_MEMORY / (1024 * 1024)).message} (plugin ${p.name} stays off)`,
        );
      }
    }
    for (const f of files.filter((x) => x.layer === 'improvement')) {
      const name = f.owner ?? f.name.replace(/^improvements\//, '').replace(/\.lua$/, '');
      try {
        units.set(
          name,
          await loadImprovement(
            name,
            f.source,
            core,
            log,
            persisted[name],
            f.owner ? f.name : undefined,
            undefined,
            f.grant,
          ),
        );
      } catch (err) {
        const e = loadError(err, f.name, IMPROVEMENT_MEMORY / (1024 * 1024));
        if (f.owner) throw e;
        notice(`${e.message} (improvement ${name} left out)`);
      }
    }
  } catch (err) {
    for (const u of units.values()) u.engine.close();
    throw err;
  }
  return units;
}
