import { LuaEngine, LuaScriptError } from '../engine/index.js';
import { TreeError, validateTree } from '../../tree/validate-tree.js';
import type { WidgetNode } from '../../tree/types.js';
import type { AppData, ConfigFile } from './config-file.js';

export type LogFn = (level: string, message: string) => void;

const LOAD_BUDGET_MS = 500;
const RENDER_BUDGET_MS = 100;

/** A message that reads `file:line: message` (or `file: path: message` for a bad tree). */
export function formatError(err: unknown, layoutFile: string): string {
  if (err instanceof TreeError) return `${layoutFile}: ${err.message}`;
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * One evaluated configuration: a fresh engine with every file loaded in order. Built whole and
 * swapped in only when it loaded and rendered; a broken build is thrown away.
 */
export class ConfigRuntime {
  private constructor(
    private readonly engine: LuaEngine,
    readonly files: ConfigFile[],
  ) {}

  static async build(files: ConfigFile[], log: LogFn, userState: unknown): Promise<ConfigRuntime> {
    const engine = await LuaEngine.create({ memoryLimit: 64 * 1024 * 1024, defaultBudgetMs: LOAD_BUDGET_MS });
    try {
      engine.setGlobal('__host_log', (level: unknown, message: unknown) => log(String(level), String(message)));
      engine.setGlobal('__botster', { user_state: userState ?? {} });
      // These reach emscripten's in-memory files or the worker's stdout (which would corrupt the
      // TUI), never the user's disk: remove them rather than let them mislead.
      engine.run('io = nil; dofile = nil; loadfile = nil; require = nil; package = nil', '=botster', { budgetMs: LOAD_BUDGET_MS });
      for (const f of files) engine.run(f.source, f.name, { budgetMs: LOAD_BUDGET_MS });
      return new ConfigRuntime(engine, files);
    } catch (err) {
      engine.close();
      throw err;
    }
  }

  /** The file whose App:render is live, for error messages about the tree it returns. */
  layoutFile(): string {
    for (let i = this.files.length - 1; i >= 0; i--) {
      if (/function\s+App[:.]render\b|App\.render\s*=/.test(this.files[i].source)) return this.files[i].name;
    }
    return 'layout.lua';
  }

  render(app: AppData): WidgetNode {
    const [raw] = this.engine.call('__botster.render', [app], { budgetMs: RENDER_BUDGET_MS, functions: 'null' });
    try {
      return validateTree(raw);
    } catch (err) {
      if (err instanceof TreeError) throw new Error(formatError(err, this.layoutFile()));
      throw err;
    }
  }

  /** The user's state table, as plain data, to hand to the next configuration. */
  userState(): unknown {
    try {
      return this.engine.getGlobal('__botster.user_state', { functions: 'null' });
    } catch {
      return {};
    }
  }

  dispose(): void {
    this.engine.close();
  }
}

export { LuaScriptError };
