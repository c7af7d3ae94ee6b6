import type { Answerer } from '../hub/state.js';

/** Where a batch of requests came from: for errors, nested commands and dialog answers. */
export interface RequestOrigin {
  /** `file:line`, "builtin" or a name, for messages. */
  source: string;
  /** How deep commands ran commands to get here. */
  depth: number;
  /** The improvement whose Lua state asked (its dialogs answer there). */
  owner?: string;
  /**
   * The improvement that started this chain: its own Lua asked, or a command, dialog or key table
   * it ran (yours included) did. Only the user answers improvements: nothing it started may.
   */
  improvement?: string;
  /** Runs a command id (the runner's, so an override that runs its own id reaches the one it shadows). */
  run(id: string, arg: unknown): Promise<void>;
  /** When it was asked (the hub's clock), for the frame the worker rendered with it (see LuaHost.luaRun). */
  now?: number;
  /** The registration of the command whose Lua asked (a dialog it opens answers as part of it). */
  command?: { id: string; source: string };
  /** Who is at the keys: the user (a key, the palette, a dialog they answered) or a script; absent: nobody (a hook, the hub), so a dialog opened waits as a question. */
  by?: Answerer;
  /**
   * The agents whose text the Lua that asked was given (the event's agent for a hook, the agents a
   * verb's answer names for its callback, a dialog's for its answer): what it says and opens
   * quotes them, and a caller that may not read one does not see it (hub/readable-state.ts).
   */
  about?: readonly string[];
}
