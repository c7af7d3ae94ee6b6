// The host functions behind json, crypto, timer, http, process and git in one Lua state
// (lua/core/json.lua, crypto.lua, tasks.lua): set before the core Lua loads, which captures them.
import type { LuaEngine } from '../engine/index.js';
import { HOST_CRYPTO } from '../io/crypto.js';
import { decodeJson } from '../io/json-decode.js';
import { LuaTasks } from './lua-tasks.js';
import type { TaskGrant } from './task-grants.js';

/** Installs them; the state's tasks (the caller activates, stops and asks them). */
export function installPrimitives(engine: LuaEngine, owner: string | null, grant: TaskGrant): LuaTasks {
  const tasks = new LuaTasks(owner, grant);
  const fns: Record<string, (...args: unknown[]) => unknown> = {
    ...HOST_CRYPTO,
    __host_json_decode: (text: unknown) => decodeJson(String(text)),
    ...tasks.hostFunctions(),
  };
  for (const [name, fn] of Object.entries(fns)) engine.setGlobal(name, fn);
  return tasks;
}
