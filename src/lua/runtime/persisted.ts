import type { LuaEngine } from '../engine/index.js';
import type { EngineUnit } from './engine-unit.js';

// What survives a reload, read out of a configuration for the next one.

/** What survives a reload: self.state and the state.get() namespaces (plain data). */
export interface Persisted {
  user_state?: unknown;
  namespaces?: unknown;
  /** Each improvement's own state.get namespaces. */
  improvements?: Record<string, unknown>;
}

/** self.state and state.get() tables, as plain data, to hand to the next configuration. */
export function persistedOf(engine: LuaEngine, improvements: Map<string, EngineUnit>): Persisted {
  try {
    const own: Record<string, unknown> = {};
    for (const [name, unit] of improvements) {
      try {
        own[name] = unit.namespaces();
      } catch {
        // an improvement whose state cannot be read starts afresh
      }
    }
    return {
      user_state: engine.getGlobal('__botster.user_state', { functions: 'null' }),
      namespaces: engine.getGlobal('__botster.namespaces', { functions: 'null' }),
      improvements: own,
    };
  } catch {
    return {};
  }
}
