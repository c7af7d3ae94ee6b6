// The hub's UI state as one plain value. It changes only through reduce(state, intent); agents'
// screens and PTYs are facts held elsewhere (they change per byte, never through the reducer).

import { initialFacts, type HubFacts } from './facts.js';
import type { AgentStateEntry } from './agent-state.js';
import type { AgentPrincipal } from './principal.js';

/** A search hit in an agent's scrollback, with the scroll offset that shows it. */
export interface Match {
  line: number;
  col: number;
  length: number;
  offset: number;
}

export interface SearchState {
  agentId: string;
  query: string;
  matches: Match[];
  /** The match shown (0 = oldest). */
  index: number;
}

/** Line selection for copying: a cursor line and, once marked, an anchor line. */
export interface SelectionState {
  agentId: string;
  cursor: number;
  anchor: number | null;
}

/** The review panel (ui.diff) of one client: whose changes, which, where it is scrolled, what it searched. */
export interface ReviewState {
  agent: string;
  /** all: against the base (committed + uncommitted); uncommitted: against HEAD. */
  mode: 'all' | 'uncommitted';
  /** The document line at the top of the panel. */
  top: number;
  search: {
    query: string;
    matches: Array<{ line: number; col: number; length: number }>;
    index: number;
  } | null;
}

/**
 * The compare panel of one client: several agents' changes side by side (a pipeline's candidates
 * when it waits for your choice), which one is selected and where each is scrolled.
 */
export interface CompareState {
  /** The agents whose changes it shows, one column each, in order. */
  agents: string[];
  /** The selected column (0-based). */
  selected: number;
  /** The document line at the top of each column. */
  tops: number[];
  mode: 'all' | 'uncommitted';
}

/** What choosing an entry of a palette-like overlay does. */
/** `lua`: a dialog Lua opened (app:select / app:input); its callback gets the choice or nil on cancel. */
export type ChooseAction =
  | { kind: 'command' }
  | { kind: 'command_arg'; id: string }
  | {
      kind: 'lua';
      ref: number;
      owner?: string;
      input?: boolean;
      /** A select that takes text typed that matches no item as its answer (app:select's opts.typed). */
      typed?: boolean;
      /**
       * The agents whose text the Lua that opened it was given (its event's agent, its verb's
       * answer): a caller that may not read one of them does not see it (hub/readable-state.ts).
       */
      about?: readonly string[];
      /** The registration of the command that opened it (its callback is part of that command). */ command?: {
        id: string;
        source: string;
      };
    };

export interface PaletteItem {
  id: string;
  description: string;
  /** What choosing it reports, when not its id (the 1-based index of an app:select item). */
  value?: string;
  /**
   * A word that must be typed (then Enter) to choose it: for choices that run code that is not the
   * user's (trusting a project). Enter on it without the word answers nil ("not now").
   */
  confirm?: string;
  /** A command's older ids (`app.quit` for client.quit): typing one finds it too. */
  older?: readonly string[];
}

/**
 * Who answers the dialogs a chain of commands opens: the user at the keys (a key, the palette, an
 * answer to a dialog they opened), or a script (`botster-tui run`). Absent: nobody asked (a hook,
 * a timer, the hub starting): such a dialog waits as a question until the user opens it. An
 * agent's script (`botster-tui run` from inside an agent) is that agent: it answers its own
 * dialogs, and every request of its chain is judged as the agent's (commands/apply-request.ts).
 */
export type Answerer = 'user' | 'script' | AgentPrincipal;

/** Where Lua that asks for a verb stands: its owner (absent: yours) and who is at the keys. */
export interface LuaOrigin {
  owner?: string;
  by?: Answerer;
}

/**
 * A dialog nobody at the keys opened (a hook's, the trust and resume questions, a script's): it
 * never takes keys typed for an agent. The user opens it when they choose (question.open); a
 * script's is answered by that script.
 */
export interface Question {
  id: number;
  overlay: PaletteOverlay;
  /** Where it came from ("resume offer", a hook's file:line), for the badge and the log. */
  from: string;
  /** A script's (`run`): the script answers it, the user never sees it. */
  script?: boolean;
  /** The agent whose script it is (its answer is that agent's, judged as the agent's). */
  agent?: string;
}

export type OverlayState =
  | { kind: 'help'; scroll: number }
  | {
      kind: 'palette';
      title: string;
      items: PaletteItem[];
      query: string;
      index: number;
      prompt: boolean;
      action: ChooseAction;
      /** Lines shown above the choices (what choosing means). */
      text?: string[];
      /** The question it answers (opened with question.open): it goes back to the list if left unanswered. */
      question?: { id: number; from: string };
      /** What it is about (app:select's opts.key): question_withdraw takes it off once answered elsewhere. */
      key?: string;
      /** Drawn for a caller that may not read an agent it quotes: a box saying so (hub/readable-state.ts). */
      withheld?: true;
    };

export type PaletteOverlay = Extract<OverlayState, { kind: 'palette' }>;

export interface Notice {
  text: string;
  level: 'info' | 'error';
  /** Counts notices, so an old expiry timer cannot clear a newer notice. */
  seq: number;
  /**
   * It stays until the user's next key, not NOTICE_MS (reattached after the server was lost: a
   * question's notice a moment later must not take it away before it was read).
   */
  untilKey?: boolean;
  /** The last notice that came while this one waits for a key: shown once the key took this off. */
  behind?: {
    text: string;
    level: 'info' | 'error';
    id?: string;
    about?: readonly string[];
    question?: number;
    whileAgent?: WhileAgent;
  };
  /** Whoever raised it can take it off by this (HubStore.notify gives it); another notice stays. */
  id?: string;
  /** The agents whose text the Lua that said it was given (see ChooseAction's `about`). */
  about?: readonly string[];
  /** It announces question `question`: it goes once that question no longer waits (opened, answered, withdrawn). */
  question?: number;
  /** It tells of an agent in a state ("asks: ..." while it waits): it goes once the agent is in it no longer. */
  whileAgent?: WhileAgent;
}

/** An agent and the state a notice tells of: the notice is true while the agent is in it. */
export interface WhileAgent {
  agent: string;
  state: string;
}

/** One client's view of the hub (focus, mode, overlay, line selection, size): each attached client has its own. */
export interface ClientState {
  cols: number;
  rows: number;
  /** The hub's machine as this client (on another one, --ssh HOST) named it; absent: a local client. */
  machine?: string;
  focus: string | null;
  mode: string;
  prevMode: string;
  overlay: OverlayState | null;
  /** Lua dialogs waiting their turn behind the palette open now (a hook's, say), oldest first. */
  queued?: PaletteOverlay[];
  /** Lines being selected for copying (keys go to it while it is open). */
  selection: SelectionState | null;
  /** The review panel, while it is open (it follows the focus). */
  review?: ReviewState | null;
  /** The compare panel, while it is open. */
  compare?: CompareState | null;
}

export interface HubState {
  /**
   * The view of the client served now (the one that typed last; keys, commands and Lua act on it).
   * With no client attached, the view the last one left (a new client takes it over).
   */
  client: ClientState;
  /** The attached client `client` belongs to (null: none attached, or a hub without a server). */
  clientId: string | null;
  /** The other attached clients' views, by client id. */
  views: Record<string, ClientState>;
  /** Agent ids in list order. */
  agents: string[];
  /** Modes the live keymap has. */
  modes: string[];
  /** Lines above the live bottom, per agent (absent = at the bottom). */
  scroll: Record<string, number>;
  search: SearchState | null;
  notice: Notice | null;
  configError: string | null;
  /** Which configuration is live (hub/configuration.ts): 0 before the first, one more at each that goes live. */
  configGeneration: number;
  renderError: string | null;
  /** After Lua had to be stopped, no Lua until this time (ms, the hub's clock); the backoff doubles. */
  lua: { pausedUntil: number; backoffMs: number };
  /** Times Lua ran outside a key, a hook or a render (timers' and tasks' callbacks): what it draws may differ. */
  luaRan: number;
  /** What each agent is doing (src/hub/agent-state.ts): running, waiting, idle, done, exited. */
  agentStates: Record<string, AgentStateEntry>;
  /** The CLI's own session (conversation) id per agent, as its hooks reported it (`report --session`). */
  sessions: Record<string, string>;
  /**
   * Facts about attention (who needs the user is Lua's call, App:attention in
   * lua/default/attention.lua): bells, and when the focus last left each agent (ms, the hub's clock).
   */
  bellAt: Record<string, number>;
  seenAt: Record<string, number>;
  /** Dialogs waiting for the user to open them (or a script to answer them), oldest first. */
  questions: Question[];
  /** The last question's id. */
  questionSeq: number;
  /** What the hub's parts reported about its agents and itself: what `self` shows (facts.ts). */
  facts: HubFacts;
}

export function initialState(cols: number, rows: number, shell = '/bin/sh'): HubState {
  return {
    client: { cols, rows, focus: null, mode: 'insert', prevMode: 'insert', overlay: null, selection: null },
    clientId: null,
    views: {},
    agents: [],
    modes: ['insert', 'normal'],
    scroll: {},
    search: null,
    notice: null,
    configError: null,
    configGeneration: 0,
    renderError: null,
    lua: { pausedUntil: 0, backoffMs: 0 },
    luaRan: 0,
    agentStates: {},
    sessions: {},
    bellAt: {},
    seenAt: {},
    questions: [],
    questionSeq: 0,
    facts: initialFacts(shell),
  };
}

/** What self.error shows: the configuration's error first, else an error notice. */
export function shownError(s: HubState): string | null {
  return s.configError ?? (s.notice?.level === 'error' ? s.notice.text : null);
}
