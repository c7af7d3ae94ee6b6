// Requests: what commands ask of the hub, as plain data. Lua's app:* calls (lua/core/actions.lua)
// and the built-in commands (commands/builtin-requests.ts) speak this one vocabulary: a request is
// an intent (what the view shows and where it is: the reducer's intents, intents.ts, some with a
// fact only the host has added), or `verb`, the door to every act (src/verbs/: who may, its
// arguments, its typed answer). commands/apply-request.ts carries one out.
// Lua's part is the LuaRequest list the worker sends; `fromLua` (./requests-from-lua.ts) checks it
// field by field, because a sandboxed improvement can put anything in its list.
import type { Intent } from './intents.js';

/**
 * What Lua's app:* asked of the hub (lua/core/actions.lua), in the hub's own words: intents (the
 * host adds what only it knows, such as how far an agent can scroll or which Lua dialog a palette
 * answers), and `verb`.
 */
export type LuaRequest =
  | { type: 'focus'; id: string }
  | { type: 'set_mode'; mode: string }
  /**
   * `id`: its asker's name for it (app:notify answers it), to take it off by (`unnotify`);
   * `question`: it announces that question, and goes once it no longer waits.
   */
  | {
      type: 'notify';
      text: string;
      level: 'info' | 'error';
      id?: string;
      question?: number;
      /** `while` in Lua: it tells of this agent in this state, and goes once the agent left it. */
      whileAgent?: { agent: string; state: string };
    }
  /** Takes off the notice its asker raised as `id`, if it is still there (what it said ended). */
  | { type: 'unnotify'; id: string }
  /** The focused agent's view, positive = up into scrollback. */
  | { type: 'scroll'; lines: number }
  /** app:select / app:input: `dialog` names the callback waiting in Lua (see __botster.resolve_dialog). */
  | {
      type: 'dialog_open';
      title: string;
      items?: Array<{ id: string; description: string; value: string; confirm?: string }>;
      prompt?: boolean;
      query?: string;
      /** Lines shown above the choices (what choosing means). */
      text?: string[];
      /** app:select's opts.typed: Enter on text that matches no item answers the text. */
      typed?: boolean;
      /** app:select's opts.key: what the question is about (the hub may withdraw it). */
      key?: string;
      /** The agents it quotes (app:select's opts.about, and those its items name). */
      about?: string[];
      dialog: number;
    }
  /** The focused agent's scrollback (or the open review panel's diff) searched, its matches shown (n/N step). */
  | { type: 'scroll_search'; query: string }
  /** A desktop notification through the user's terminal (OSC 9 or OSC 777). */
  | { type: 'notify_desktop'; text: string; kind: 'osc9' | 'osc777' | 'bell' }
  /**
   * A verb of the hub's table by name (app:verb, app:NAME, a key bound to a verb): judged by its
   * row of the who-may table, its arguments checked by its checker; its typed answer is handed to
   * the Lua callback `dialog` names (none: a failure is a notice). The `run` verb (app:run,
   * commands.run) runs its command here and now, in the chain of the Lua that asked.
   */
  | {
      type: 'verb';
      name: string;
      args: Record<string, unknown>;
      dialog?: number;
      tell?: true;
      /** The Lua call that asked (`app:spawn`, `pipelines.run`), as a failure names it; absent: app:verb NAME. */
      as?: string;
    }
  /** Open the review panel on an agent's changes (no id: close it). */
  | { type: 'review'; id?: string; mode: 'all' | 'uncommitted' }
  /** Move the open review panel: to its top, or to the next or previous file's changes. */
  | { type: 'review_jump'; to: ReviewJump }
  /** Open the compare panel on agents' changes side by side (`selected`: 1-based; no ids: close it). */
  | { type: 'compare'; ids?: string[]; mode: 'all' | 'uncommitted'; selected: number }
  /** Select a column of the compare panel (1-based). */
  | { type: 'compare_select'; index: number }
  /** Scroll the compare panel (positive = down): every column, or only the selected one; by lines or pages. */
  | { type: 'compare_scroll'; lines: number; pages: boolean; selected: boolean }
  /** Move the compare panel: each column to its top or end, or the selected one to its next or previous file (the others to the same file). */
  | { type: 'compare_jump'; to: 'top' | 'bottom' | 'next_file' | 'prev_file' };

/** What the web.push verb asks: the text, what a tap opens, and how long after a key at the hub it is not pushed. */
export interface WebPushRequest {
  text: string;
  agent?: string;
  url?: string;
  quietMs?: number;
}

/** What the handlers of one Lua state asked for while a hub event ran (`owner`: the improvement). */
export interface HookRequests {
  owner?: string;
  requests: LuaRequest[];
}

/** Requests that are the reducer's intents as they are (same name, same shape). */
export type IntentRequest = Extract<
  Intent,
  {
    type:
      | 'focus_next'
      | 'focus_index'
      | 'help_toggle'
      | 'help_scroll'
      | 'palette_move'
      | 'palette_submit'
      | 'overlay_close'
      | 'search_step'
      | 'select_mark'
      | 'select_copy'
      | 'select_cancel';
  }
>;

/** Where app:review_jump moves the review panel. */
export const REVIEW_JUMPS = ['top', 'next_file', 'prev_file', 'next_comment', 'prev_comment'] as const;
export type ReviewJump = (typeof REVIEW_JUMPS)[number];

export type Request =
  | LuaRequest
  | IntentRequest
  /** The focused agent's view by whole pages (positive = up), or back to its live output. */
  | { type: 'scroll_page'; pages: number }
  | { type: 'scroll_bottom' }
  | { type: 'help_page'; pages: number }
  | { type: 'palette_backspace'; erase?: 'word' | 'line' }
  /** The command palette: every command the palette offers. */
  | { type: 'command_palette' }
  /** The oldest question waiting, opened for the user at the keys (only they may: it takes keys). */
  | { type: 'question_open' }
  /** Line selection: starts it (scroll.copy), moves its cursor (resolved with the document's geometry). */
  | { type: 'select_start' }
  | { type: 'select_move'; delta: number };
