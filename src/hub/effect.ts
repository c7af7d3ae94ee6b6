// Effects: what the reducer asks the outside world to do, as plain data. src/effects/ performs
// them; results come back to the reducer as intents.
import type { Intent } from './intents.js';
import type { Answerer, ChooseAction } from './state.js';

export type Effect =
  /** Run a Lua hook event (mode_changed, focus_changed, ...). */
  | { type: 'emit'; event: string; payload: Record<string, unknown>; subject?: string }
  /** Dispatch `intent` after `ms`; a timer of the same name is replaced. */
  | { type: 'timer'; name: string; ms: number; intent: Intent }
  | { type: 'log'; level: 'info' | 'error'; text: string }
  /** Copy lines of an agent's scrollback to the clipboard. */
  | { type: 'copy'; agentId: string; from: number; to: number }
  /** Run a command by id (from the palette). */
  | { type: 'run'; id: string; arg?: unknown }
  /**
   * A palette-like overlay's choice (what it does is the ChooseAction's business); `by`: who
   * answered (absent: nobody did, e.g. its client detached), so a dialog it opens in turn is theirs.
   */
  | { type: 'choose'; action: ChooseAction; value: string | null; arg?: string; by?: Answerer }
  /** Bytes to the user's terminal (OSC 52, OSC 9/777). */
  | { type: 'terminal'; data: string }
  /** Configuration `generation` went live: each part reads its share of it (hub/configuration.ts). */
  | { type: 'configured'; generation: number };
