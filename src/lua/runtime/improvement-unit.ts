import { LuaEngine } from '../engine/index.js';
import { parseKeySpec } from '../../keys/key-spec.js';
import type { ConfigFile } from './config-file.js';
import { EngineUnit, type LogFn } from './engine-unit.js';
import { SLOTS } from './slots.js';

export const IMPROVEMENT_BUDGET_MS = 50;
export const IMPROVEMENT_MEMORY = 16 * 1024 * 1024;

// The core modules an improvement gets, loaded into its own sandboxed state after this prelude.
const CORE_FOR_IMPROVEMENTS = ['lua/core/log.lua', 'lua/core/ui.lua', 'lua/core/actions.lua', 'lua/core/keys.lua', 'lua/core/hooks.lua', 'lua/core/status.lua', 'lua/core/layout.lua'];

function prelude(name: string): string {
  // No debug library in the sandbox: sources name the improvement instead of a line.
  return `__botster = { improvement = ${JSON.stringify(name)}, where = function() return ${JSON.stringify(`improvements/${name}.lua`)} end }`;
}

/**
 * Loads one improvement into a fresh sandboxed Lua state (no io/os/require/debug/dump, 16 MB,
 * 50 ms per call) with keys, commands, hooks/events, its own state and log. Throws
 * `improvements/NAME.lua:line: message` when it does not load.
 */
export async function loadImprovement(name: string, source: string, core: ConfigFile[], log: LogFn, namespaces?: unknown): Promise<EngineUnit> {
  const engine = await LuaEngine.create({ sandbox: true, memoryLimit: IMPROVEMENT_MEMORY, defaultBudgetMs: IMPROVEMENT_BUDGET_MS });
  try {
    engine.setGlobal('__host_log', (level: unknown, message: unknown) => log(String(level), `improvement ${name}: ${String(message)}`));
    engine.setGlobal('__host_parse_key_spec', (spec: unknown) => parseKeySpec(String(spec)));
    engine.run(prelude(name), '=prelude', { budgetMs: IMPROVEMENT_BUDGET_MS * 4 });
    // Its state.get tables from before the reload (plain data).
    if (namespaces && typeof namespaces === 'object') engine.setGlobal('__botster.namespaces', namespaces);
    engine.setGlobal('__botster.slot_defs', SLOTS);
    for (const f of CORE_FOR_IMPROVEMENTS) {
      const file = core.find((c) => c.name === f);
      if (!file) throw new Error(`${f} is missing`);
      engine.run(file.source, file.name, { budgetMs: IMPROVEMENT_BUDGET_MS * 4 });
    }
    engine.run(source, `improvements/${name}.lua`, { budgetMs: IMPROVEMENT_BUDGET_MS });
    const unit = new EngineUnit(engine, IMPROVEMENT_BUDGET_MS, name);
    unit.export();
    return unit;
  } catch (err) {
    engine.close();
    throw err;
  }
}
