import type { FunctionMode } from './lua-to-js.js';

export interface EngineOptions {
  /** Bytes of Lua heap; allocations beyond fail with a 'memory' error. Default 64 MiB. */
  memoryLimit?: number;
  /** Restrict globals for untrusted code (see sandbox.ts). Default false. */
  sandbox?: boolean;
  /** CPU budget of a run/call when none is given. Default 100 ms. */
  defaultBudgetMs?: number;
  /** Receives Lua `print` output (tab-joined, no newline). Default: discarded. */
  print?: (text: string) => void;
}

export interface ConvertOptions {
  /** How Lua functions in results come back: 'ref' (default) handles to release, or 'null'. */
  functions?: FunctionMode;
}

export interface RunOptions extends ConvertOptions {
  budgetMs?: number;
  /**
   * Run the chunk by calling the function at this global path with `args` and then the compiled
   * chunk (a loader that decides whether and how it runs), instead of calling the chunk itself.
   */
  through?: string;
  args?: unknown[];
  /**
   * The global path (read raw) of a table the chunk gets as its globals (_ENV) instead of the
   * state's: what it reads, defines and replaces as globals stays in that table.
   */
  env?: string;
}

export interface CallOptions extends ConvertOptions {
  budgetMs?: number;
  /** Pass the table holding the function as first argument (`obj:method(...)`); paths only. */
  method?: boolean;
}
