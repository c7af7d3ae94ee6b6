import { LuaEngine } from '../engine/index.js';
import { packageVersion } from '../../wire/version.js';
import { parseKeySpec } from '../../keys/key-spec.js';
import type { ConfigFile } from './config-file.js';
import { EngineUnit, type LogFn } from './engine-unit.js';
import { SLOTS } from './slots.js';
import { widgetBuildersChunk } from '../../widgets/lua-builders.js';
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
  'lua/core/state.lua',
  'lua/core/actions.lua',
  'lua/core/views.lua',
  'lua/core/select.lua',
  'lua/core/verb_forms.lua',
  'lua/core/verbs.lua',
  'lua/core/json.lua',
  'lua/core/crypto.lua',
  'lua/core/tasks.lua',
  'lua/core/keys.lua',
  'lua/core/hooks.lua',
  'lua/core/status.lua',
  'lua/core/status_text.lua',
  'lua/core/status_screen.lua',
  'lua/core/status_dialogs.lua',
  'lua/core/status_work.lua',
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
machines = { list = {}, define = function(name) later("machine " .. tostring(name)) end, find = function() return nil end }
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
-- A machine's command runs on the hub's side, unboxed: your own files name machines (lua/core/machines.lua).
machines = { list = {}, define = function()
  error("machines.define: only your own files define machines (not an improvement, a plugin or a project)", 2)
end, find = function() return nil end }
`;

/** What a sandboxed state is made of before its own code runs: the same spec, the same state. */
export interface SandboxSpec {
  name: string;
  /** The file its errors name (`improvements/NAME.lua` unless said). */
  file: string;
  plugin?: PluginGrant;
  /** What the policy granted an improvement (http, process, git): nothing by default. */
  grant?: SandboxGrant;
  /** Its state.get tables from before the reload (plain data). */
  namespaces?: unknown;
}

/** A sandboxed state with everything but its own code run (warm-sandboxes.ts keeps them ahead). */
export interface PreparedSandbox {
  spec: SandboxSpec;
  engine: LuaEngine;
  tasks: LuaTasks;
  entries: ReturnType<typeof seal>;
  extra: ReturnType<typeof gatePlugin> | undefined;
}

/**
 * A fresh sandboxed Lua state (no io/os/require/debug/dump, 16 MB, 50 ms per call) with keys,
 * commands, hooks/events, its own state and log, sealed, ready for its code.
 */
export async function prepareSandbox(
  spec: SandboxSpec,
  core: ConfigFile[],
  log: LogFn,
): Promise<PreparedSandbox> {
  const { name, file, plugin, grant, namespaces } = spec;
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
    return { spec, engine, tasks, entries, extra };
  } catch (err) {
    tasks?.stop();
    engine.close();
    throw err;
  }
}

/** Drops a prepared state nobody took. */
export function closeSandbox(p: PreparedSandbox): void {
  p.tasks.stop();
  p.engine.close();
}

/**
 * Runs its code in a prepared state: the unit, or (the state closed) throws
 * `improvements/NAME.lua:line: message` when it does not load.
 */
export function finishSandbox(p: PreparedSandbox, source: string): EngineUnit {
  const { engine, tasks, entries, extra, spec } = p;
  try {
    engine.run(source, spec.file, { budgetMs: IMPROVEMENT_BUDGET_MS, env: WORLD });
    const unit = new EngineUnit(
      engine,
      IMPROVEMENT_BUDGET_MS,
      spec.name,
      { entries, file: spec.file, ...(extra ? { plugin: extra } : {}) },
      tasks,
    );
    // What it registered, read now: one that cannot say is left out here, not later.
    unit.export();
    unit.pieces();
    return unit;
  } catch (err) {
    closeSandbox(p);
    throw err;
  }
}

/**
 * Loads one improvement into a fresh sandboxed Lua state (prepareSandbox) and runs it. Throws
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
  const spec: SandboxSpec = {
    name,
    file,
    ...(plugin ? { plugin } : {}),
    ...(grant ? { grant } : {}),
    namespaces,
  };
  return finishSandbox(await prepareSandbox(spec, core, log), source);
}
