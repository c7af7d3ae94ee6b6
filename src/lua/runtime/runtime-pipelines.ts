// The pipelines a configuration knows (lua/core/pipelines.lua): those its files define, those of a
// file run by `botster-tui pipeline run FILE` (loaded into it, the user's own Lua), and those of its
// plugins (each in its plugin's state, called through the entries taken before its code ran).
import type { LuaEngine } from '../engine/index.js';
import type { EngineUnit } from './engine-unit.js';
import { handlerError, loadError } from './locate-error.js';

const BUDGET_MS = 100;
const LOAD_BUDGET_MS = 500;
const MEMORY_MB = 64;
/** The name a run's merge is called by (args: its kind and the run; lua/core/pipelines_merge.lua). */
export const MERGE = 'merge';

export class RuntimePipelines {
  constructor(
    private readonly engine: LuaEngine,
    /** The configuration's sandboxed units by owner (plugins are `plugin:NAME`). */
    private readonly units: ReadonlyMap<string, EngineUnit>,
  ) {}

  /** Pipeline files run here (`botster-tui pipeline run FILE`), by path: a reload builds a fresh engine without them. */
  private readonly pipelineFiles = new Map<string, string>();

  /**
   * Runs a pipeline file in this configuration (the user's own Lua, as trusted as theirs) and
   * answers the ids it defined; an error is `FILE:line: message`.
   */
  load(file: { path: string; source: string }): string[] {
    if (this.pipelineFiles.get(file.path) === file.source) return this.pipelineIdsOf(file.path);
    const [count] = this.engine.call('__botster.pipeline_count', [], { budgetMs: BUDGET_MS });
    try {
      this.engine.run(file.source, file.path, { budgetMs: LOAD_BUDGET_MS });
    } catch (err) {
      throw loadError(err, file.path, MEMORY_MB);
    }
    const [ids] = this.engine.call('__botster.pipelines_since', [count], { budgetMs: BUDGET_MS });
    const list = Array.isArray(ids) ? ids.map(String) : [];
    this.pipelineFiles.set(file.path, file.source);
    this.pipelineIds.set(file.path, list);
    return list;
  }

  private readonly pipelineIds = new Map<string, string[]>();
  private pipelineIdsOf(path: string): string[] {
    return this.pipelineIds.get(path) ?? [];
  }

  /**
   * A pipeline's definition as data (its functions as names), after its file if it has one: the
   * configuration's, else the first plugin's that defines it (marked with `plugin`).
   */
  def(id: string, file?: { path: string; source: string }): unknown {
    if (file) this.load(file);
    const [def] = this.engine.call('__botster.pipeline_def', [id], {
      budgetMs: BUDGET_MS,
      functions: 'null',
    });
    if (def) return def;
    const unit = this.unitFor(id);
    const d = unit?.pipeline('pipeline_def', [id]);
    if (!d || typeof d !== 'object') return null;
    const plugin = unit!.owner!.slice(7);
    // Its merge kind is checked here, not where it was defined: the kinds are this configuration's.
    const kind = (d as { merge?: { kind?: unknown } }).merge?.kind;
    const [kinds] = this.engine.call('pipelines.merge_kinds', [], { budgetMs: BUDGET_MS });
    if (Array.isArray(kinds) && !kinds.includes(kind))
      throw new Error(
        `plugin ${plugin}: pipeline ${id}: strategy.merge must be a merge kind (${kinds.join(', ')}), got ${String(kind)}`,
      );
    return { ...d, plugin };
  }

  /** The plugin whose state defines pipeline `id` (when the configuration does not). */
  private unitFor(id: string): EngineUnit | null {
    for (const [name, unit] of this.units) {
      if (!name.startsWith('plugin:')) continue;
      try {
        if (unit.pipeline('pipeline_def', [id])) return unit;
      } catch {
        // (its own errors show when it runs)
      }
    }
    return null;
  }

  /**
   * Calls one of a pipeline's Lua functions (a criterion, a fan-out, the streaming handler), or
   * its merge (MERGE: its kind, in this configuration whoever defined it, the user's policy).
   */
  call(id: string, name: string, args: unknown[], file?: { path: string; source: string }): unknown {
    if (file) this.load(file);
    try {
      if (name === MERGE) {
        const [decision] = this.engine.call('__botster.pipeline_merge', args, {
          budgetMs: BUDGET_MS,
          functions: 'null',
        });
        return decision ?? null;
      }
      const unit = file ? null : this.unitFor(id);
      const [mine] = this.engine.call('__botster.pipeline_def', [id], {
        budgetMs: BUDGET_MS,
        functions: 'null',
      });
      if (!mine && unit) return unit.pipeline('pipeline_call', [id, name, ...args]);
      const [out] = this.engine.call('__botster.pipeline_call', [id, name, ...args], {
        budgetMs: BUDGET_MS,
        functions: 'null',
      });
      return out ?? null;
    } catch (err) {
      throw new Error(handlerError(err as Error, `pipeline ${id}'s ${name}`, MEMORY_MB));
    }
  }
}
