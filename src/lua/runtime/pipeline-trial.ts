// A pipeline file an agent inside the hub asks to run (`botster-tui pipeline run FILE.lua` with
// BOTSTER_AGENT_ID), loaded on trial before the user's policy reviews it: in a sandboxed Lua state
// of its own (an improvement's, with lua/core/pipelines.lua), never in your configuration, so none
// of its code runs as yours before the policy (or you) said yes. What it defines is read there.
import path from 'node:path';
import type { ConfigFile } from './config-file.js';
import type { LogFn } from './engine-unit.js';
import { IMPROVEMENT_MEMORY, loadImprovement } from './improvement-unit.js';
import { loadError } from './locate-error.js';
import { CAPABILITY_NAMES } from '../../hub/capabilities.js';

export interface PipelineTrial {
  /** The pipelines it defines, in order. */
  ids: string[];
  /** Each one's definition as data (as the hub runs it), by id. */
  defs: Record<string, unknown>;
  /** What else it registers (keys, commands, hooks, status adapters, layout pieces), described. */
  registers: string[];
}

/**
 * Loads `file` on trial; `profiles` are the names of the live profiles (a step's `agent = "x"`
 * is the profile x when there is one, as it will be when it runs). Throws `FILE:line: message`
 * when it does not load.
 */
export async function trialPipeline(
  file: { path: string; source: string },
  core: ConfigFile[],
  profiles: string[],
  log: LogFn,
): Promise<PipelineTrial> {
  const dir = path.dirname(file.path);
  let unit;
  try {
    // Every capability: on trial it only defines things (its world is its own and thrown away).
    unit = await loadImprovement('pipeline', file.source, core, log, undefined, file.path, {
      granted: CAPABILITY_NAMES,
      root: dir,
      shown: dir,
    });
  } catch (err) {
    throw loadError(err, file.path, IMPROVEMENT_MEMORY / (1024 * 1024));
  }
  try {
    // Read by the core's pipeline_def (the file's own code cannot see or change it).
    unit.engine.setGlobal('profiles', { list: profiles.map((name) => ({ name })) });
    const raw = unit.pipeline('pipeline_ids', []);
    const ids = Array.isArray(raw) ? raw.map(String) : [];
    const defs: Record<string, unknown> = {};
    for (const id of ids) defs[id] = unit.pipeline('pipeline_def', [id]);
    const exp = unit.export();
    const registers = [
      ...exp.bindings.map((b) => `binds ${b.mode} "${b.keys.join(' ')}"`),
      ...exp.unbinds.map((u) => `unbinds ${u.mode} "${u.keys.join(' ')}"`),
      ...exp.commands.map((c) => `registers the command ${c.id}`),
      ...exp.hooks.map((h) => `subscribes to ${h.event}`),
      ...unit.pieces().map((p) => `adds a layout piece ${p.slot} ${p.name}`),
    ];
    const [adapters] = unit.call('adapters_for', [null], { budgetMs: 200, functions: 'null' });
    if (Array.isArray(adapters))
      for (const a of adapters as Array<{ name: unknown }>)
        registers.push(`adds the status adapter ${String(a.name)}`);
    return { ids, defs, registers };
  } finally {
    unit.dispose();
  }
}
