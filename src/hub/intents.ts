// Intents: every way the hub's state changes, as plain data. Keys, commands, Lua's app:* calls,
// agents, the reloader and timers all dispatch these; effect results come back as these too.
import type { Answerer, ChooseAction, Match, PaletteItem, WhileAgent } from './state.js';
import type { StateVerdict } from './agent-state.js';
import type { AgentFacts, CommentFacts, HubFactsPatch, ReviewSummary } from './facts.js';

/** Geometry of an agent's terminal the reducer needs for scroll clamping and selection. */
export interface TermFacts {
  lineCount: number;
  rows: number;
  scrollbackLength: number;
}

export type Intent =
  /** A client's terminal size (`id` absent: the client served now). */
  | { type: 'resize'; cols: number; rows: number; id?: string }
  /** A client attached: it is served now, with a view of its own. */
  /** `machine`: this hub's machine as a client on another one named it (--ssh HOST). */
  | { type: 'client_attached'; id: string; cols: number; rows: number; machine?: string }
  | { type: 'client_detached'; id: string }
  /** A client typed (or came back): its view is served now. */
  | { type: 'client_active'; id: string }
  | {
      type: 'agent_added';
      id: string;
      focus: boolean;
      /** Its place in the list (agents of another machine are listed by machine); default: last. */ at?: number;
      /** What it is, as its owner knows it when it starts (facts.ts); absent: only its id (a test's). */
      facts?: AgentFacts;
    }
  /** Facts about an agent its owners learned (its title, exit, worktree, repository, ...): what `self` shows. */
  | { type: 'agent_facts'; id: string; facts: Partial<AgentFacts>; carried?: boolean }
  /** Facts about the hub its owners learned (offers, projects, machines, the planned agents, ...). */
  | { type: 'hub_facts'; facts: HubFactsPatch }
  /** What a review panel's diff holds now (null: none is kept). */
  | { type: 'review_facts'; agent: string; mode: string; summary: ReviewSummary | null }
  /** An agent's review comments as they are now (src/review/): what `self.review.comments` shows. */
  | { type: 'review_comments'; agent: string; comments: readonly CommentFacts[] }
  | { type: 'agent_removed'; id: string }
  /** A verdict about what an agent does; `shown`: an attached client shows it now (see agent-state.ts). */
  | { type: 'agent_state'; id: string; verdict: StateVerdict; shown: boolean; at?: number }
  /** The session (conversation) id the CLI in an agent reported (`botster-tui report --session`). */
  | { type: 'agent_session'; id: string; session: string }
  /** These agents are on an attached client's screen now (a finished turn has been seen). */
  | { type: 'agents_shown'; ids: string[] }
  | { type: 'bell'; id: string; at: number }
  | { type: 'focus'; id: string }
  /**
   * Before the agents start: the first frame is laid out with the first planned agent focused (the
   * PTYs start at its panel's size); null once it is drawn. Quiet: nothing is emitted or redrawn.
   */
  | { type: 'planned_focus'; id: string | null }
  | { type: 'focus_next'; delta: number }
  | { type: 'focus_index'; index: number }
  | { type: 'set_mode'; mode: string }
  | { type: 'modes_loaded'; modes: string[] }
  /** An agent's view scrolled by `lines` (positive = up), clamped to `max` (its scrollback). */
  | { type: 'scroll_view'; id: string; lines: number; max: number }
  | { type: 'typed'; id: string }
  /** `wayOut`: the way out as shown ("Ctrl+g"), for the notice when the keys go to the agent (insert mode). */
  | { type: 'search_found'; agentId: string; query: string; matches: Match[]; wayOut?: string }
  /** `searchKey`: the key that searches, from the keymap, for the notice when there is no search. */
  | { type: 'search_step'; delta: number; searchKey?: string }
  /** hint: the keys of the copy table, for the notice (the shipped ones when absent) */
  | { type: 'select_at'; agentId: string; cursor: number; hint?: string }
  /** The selection's cursor by `delta` lines of a document of `term`'s geometry. */
  | { type: 'select_by'; delta: number; term: TermFacts }
  | { type: 'select_mark' }
  | { type: 'select_copy' }
  | { type: 'select_cancel' }
  | { type: 'help_toggle' }
  | { type: 'help_scroll'; lines: number }
  | {
      type: 'palette_open';
      title: string;
      items: PaletteItem[];
      action: ChooseAction;
      prompt?: boolean;
      query?: string;
      /** Lines shown above the choices. */
      text?: string[];
      /** Who is at the keys: absent, or a script, makes it a question (see Question). */
      by?: Answerer;
      /** Where a question comes from (its badge and the log). */
      from?: string;
      /** What it is about, so that the hub can withdraw it once answered elsewhere. */
      key?: string;
    }
  /** The user opens the oldest question waiting (question.open). */
  | { type: 'question_open' }
  /** What the questions with this key ask was answered elsewhere (the palette, a script): they go, unanswered. */
  | { type: 'question_withdraw'; key: string }
  /** A script answers its question: its first choice (a prompt: its text), or cancel (nil). */
  | { type: 'question_answer'; id: number; pick: 'first' | 'cancel' }
  | { type: 'palette_move'; delta: number }
  /** Types `text`, or erases the last character, word (ctrl+w) or the whole query (ctrl+u). */
  | { type: 'palette_edit'; text?: string; backspace?: boolean; erase?: 'word' | 'line' }
  | { type: 'palette_submit' }
  /** Closes the overlay open (`kind`: only if it is this kind; a key table's way out does nothing to another). */
  | { type: 'overlay_close'; kind?: 'help' | 'palette' }
  /** A desktop notification through the user's terminals (OSC 9, OSC 777, or the bell): nothing in the hub changes. */
  | { type: 'notify_desktop'; text: string; kind: 'osc9' | 'osc777' | 'bell' }
  /** untilKey: it stays until the user's next key (notices that come meanwhile wait behind it). */
  /** `id`: given by whoever raises it (HubStore.notify), so it can take it off again (notice_clear). */
  /** `about`: the agents whose text the Lua that said it was given (hub/readable-state.ts). */
  | {
      type: 'notify';
      text: string;
      level: 'info' | 'error';
      untilKey?: boolean;
      id?: string;
      about?: readonly string[];
      /** It announces this question (state.questions' id): it goes once the question no longer waits. */
      question?: number;
      /** It tells of an agent in a state: it goes once the agent is in it no longer. */
      whileAgent?: WhileAgent;
    }
  | { type: 'notice_expired'; seq: number }
  /** The user pressed a key: a notice that waits for one goes (the one behind it shows). */
  | { type: 'notice_key' }
  /** Takes `text` off the screen if it is the notice shown now. */
  /** Takes the notice `id` off (shown, or waiting behind one that waits for a key); another stays. */
  | { type: 'notice_clear'; id: string }
  | { type: 'config_error'; error: string | null }
  /**
   * A configuration went live (hub/configuration.ts): its generation is the one fact the parts
   * read. `error`: what is still shown (null after a load that worked; a broken file's when the
   * shipped defaults had to stand in). `restored`: the worker that replaced a stalled one, which
   * stays paused until its backoff is up.
   */
  | { type: 'config_loaded'; generation: number; error: string | null; restored?: boolean }
  | { type: 'rendered'; error: string | null }
  | { type: 'lua_stalled'; now: number }
  | { type: 'lua_ok' }
  /** Lua ran outside a key, a hook or a render (a timer's or a task's callback): what it draws may have changed. */
  | { type: 'lua_ran' }
  /** Open (or switch) the review panel on an agent's changes; close it. */
  | { type: 'review_open'; agent: string; mode: 'all' | 'uncommitted' }
  | { type: 'review_close' }
  /** Scroll it (positive = down), `max` the last top line. */
  | { type: 'review_scroll'; lines: number; max: number }
  /** Matches of a search in its document (`rows` shown, `lineCount` lines), or the next/previous one. */
  | {
      type: 'review_search_found';
      query: string;
      matches: Array<{ line: number; col: number; length: number }>;
      rows: number;
      lineCount: number;
    }
  | { type: 'review_search_step'; delta: number; rows: number; lineCount: number; searchKey?: string }
  /** Open the compare panel on agents' changes side by side (`selected`: 0-based); close it. */
  | { type: 'compare_open'; agents: string[]; mode: 'all' | 'uncommitted'; selected: number }
  | { type: 'compare_close' }
  /** Select a column (0-based, clamped to the columns). */
  | { type: 'compare_select'; index: number }
  /** Scroll each column by its own count (positive = down), each within its last top line `max`. */
  | { type: 'compare_scroll'; lines: number[]; max: number[] };
