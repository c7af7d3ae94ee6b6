import type { CliInfo } from '../../agents/cli-info.js';
/** One Lua file of the configuration, read by the main thread and evaluated in the worker. */
export interface ConfigFile {
  /** The name errors show (`file:line: message`). */
  name: string;
  source: string;
  /** 'modules': not a file to run but the folder `require` reads ($BOTSTER_HOME/user, in `path`). */
  layer: 'core' | 'default' | 'keybindings' | 'plugin' | 'user' | 'project' | 'improvement' | 'modules';
  path?: string;
  /** A repository's file (`.botster/`): its folder (profiles it defines run there by default). */
  project?: string;
  /** An improvement-layer file that is not in improvements/ (an untrusted project's): its sandbox's name. */
  owner?: string;
  /** A plugin's main file (layer 'plugin'): its name, what the user granted it, its folder. */
  /** An improvement's: what the policy granted it when it was accepted (http, process, git). */
  grant?: { granted: string[]; hosts: string[]; commands: string[] };
  plugin?: {
    name: string;
    granted: string[];
    root: string;
    shown: string;
    /** Its manifest's hosts (`net`) and commands (`run`). */
    hosts?: string[];
    commands?: string[];
  };
  /**
   * A plugin's copy changed a moment ago and is not the one the lock pins: `plugin update` swaps
   * the copy in, then writes the lock, so the next look (a moment later) decides.
   */
  settling?: boolean;
  /** A top-level user file is also this module: it runs once, even if another file requires it. */
  module?: string;
}

export type { AgentWorktree } from '../../wire/agent-record.js';
import type { AgentWorktree } from '../../wire/agent-record.js';

/** A repository with a `.botster/` the hub found (app.projects). */
export interface ProjectFacts {
  path: string;
  /** Its Lua loads as yours and its setup runs (else: the sandbox, no setup). */
  trusted: boolean;
  /** You trusted it, and its files changed since. */
  changed: boolean;
  files: string[];
  setup: boolean;
  /** The hash of its `.botster/` now: app:trust_project(p) trusts these contents only. */
  hash?: string;
  /** Which files changed since you trusted it (when `changed`, and the trust recorded them). */
  changes?: { added: string[]; removed: string[]; modified: string[] };
}

// A plugin of the home as `self.plugins` shows it: the plugins' own fact (src/plugins/plugin-facts.ts).
export type { PluginFacts } from '../../plugins/plugin-facts.js';
import type { PluginFacts } from '../../plugins/plugin-facts.js';

/** One step of a pipeline run as `self.pipelines` shows it. */
export interface PipelineStepFacts {
  key: string;
  step: string;
  item?: string;
  state: string;
  reason?: string;
  /** Its agent's name and id (once started). */
  agent?: string;
  agent_id?: string;
  branch?: string;
  /** Its check's exit code (absent: none ran). */
  check?: number | null;
  diff?: { files: number; added: number; removed: number };
  /** Seconds since it started (or how long it took). */
  elapsed?: number;
}

/** A pipeline run of this hub (self.pipelines): under way, waiting for a choice, or ended lately. */
export interface PipelineFacts {
  id: string;
  pipeline: string;
  status: string;
  reason?: string;
  paused?: boolean;
  elapsed: number;
  chosen?: string;
  /** While it waits for a choice: the keys of the steps you may keep (those that finished, of the last steps). */
  choices?: string[];
  steps: PipelineStepFacts[];
}

/** What an agent's diff holds so far, as the review and compare panels show it. */
export interface DiffFacts {
  /** How many lines the document has. */
  lines: number;
  /** Files changed, lines added and removed; what it is compared with ("main", "HEAD"). */
  files: number;
  added: number;
  removed: number;
  against: string | null;
  /** Still being made (the first time), or why there is none. */
  loading: boolean;
  error: string | null;
}

/** app.review: the open review panel and its diff. */
export interface ReviewFacts extends DiffFacts {
  agent: string;
  mode: 'all' | 'uncommitted';
  /** The document line at the top of the panel. */
  top: number;
}

/** One column of the compare panel (app.compare.columns): an agent's changes and where it is scrolled. */
export interface CompareColumnFacts extends DiffFacts {
  agent: string;
  /** The document line at the top of the column. */
  top: number;
}

/** app.compare: the open compare panel (several agents' changes side by side). */
export interface CompareFacts {
  mode: 'all' | 'uncommitted';
  /** The selected column (1-based). */
  selected: number;
  columns: CompareColumnFacts[];
}

/** What `self` is in App:render (plain data; the Lua side adds `focused` and `state`). */
/** A question waiting for the user (app.questions): a dialog nobody at the keys opened. */
export interface QuestionFacts {
  id: number;
  title: string;
  from: string;
  /** What it is about (app:select's opts.key: "improvement:NAME"), when it says. */
  key?: string;
}

/** An improvement waiting for the user's answer (app.improvements): what accepting it changes. */
export interface ImprovementFacts {
  name: string;
  agent_id: string | null;
  reasoning: string;
  /** When it started waiting (ISO). */
  at: string;
  binds: Array<{ mode: string; key: string; action: string; desc?: string }>;
  replaces: Array<{ mode: string; key: string; source: string; layer: string }>;
  unbinds: Array<{ mode: string; key: string }>;
  commands: Array<{ id: string; desc?: string }>;
  overrides: Array<{ id: string; source: string; layer: string }>;
  hooks: Array<{ event: string; name?: string }>;
  diff: string[];
  replacing: boolean;
}

export interface AppData {
  agents: Array<{
    id: string;
    name: string;
    /** The machine of settings.machines it runs on (absent: this one). */ machine?: string;
    /** The program in its foreground (`claude` typed into a shell agent). */ program?: string;
    command: string;
    cwd: string;
    /** running | waiting | idle | done | exited */ state?: string;
    /** Why: the question it asks, what it runs, how it exited. */ reason?: string | null;
    /** When the state began (ms, the hub's clock). */ state_since?: number | null;
    status: string;
    exit_code: number | null;
    signal?: number | null;
    signal_name?: string | null;
    title: string;
    scroll?: number;
    branch?: string;
    /** The git branch checked out in its folder (its HEAD; a short hash when detached). */ git_branch?: string;
    /** The worktree the hub made for it (worktree = true): where it runs, its branch, the branch it came from, the repository. */ worktree?: AgentWorktree;
    /** The repository it works in (its top folder; a worktree's is its repository's). */ repo?: string;
    profile?: string;
    waiting_since?: number;
    bell_at?: number;
    seen_at?: number;
    /** Focused in another attached client (someone is looking at it). */ watched?: boolean;
    /** On an attached client's screen now (a turn it finishes there is seen). */ shown?: boolean;
    /** Lua's App:attention fills it in. */ attention?: boolean;
  }>;
  focused_id: string | null;
  selected: number | null;
  mode: string;
  size: { width: number; height: number };
  /** The hub's machine, as this client (attached from another one with --ssh HOST) named it; absent here. */
  hub_machine?: string;
  error: string | null;
  /** The latest info notice ("copied 3 lines", search results), or null. */
  notice?: string | null;
  /** The status-bar hint: Lua's App:status_hint fills it in (lua/default/hint.lua). */
  hint?: string;
  /** The user's shell ($SHELL, else /bin/sh): what a plain new agent runs. */
  shell?: string;
  /** Overlay the hub draws (help, palette), for layouts that want to know. */
  overlay?: string | null;
  /** Questions the hub asks by itself, waiting for you to open them (question.open), oldest first (absent when none). */
  questions?: QuestionFacts[];
  /** The review panel, while it is open: whose changes, which, and what the diff holds so far. */
  review?: ReviewFacts | null;
  /** The compare panel, while it is open: the agents' changes side by side, the selected column. */
  compare?: CompareFacts | null;
  /** Repositories with a `.botster/` the hub found, and whether you trust them (absent when none). */
  projects?: ProjectFacts[];
  /** Clean worktrees of agents that exited, on offer for removal (absent when none). */
  worktrees?: Array<{ path: string; branch: string; agent: string }>;
  /** settings.machines and how each is reached (absent when none is listed). */
  machines?: Array<{ name: string; state: string; error?: string; retry_in?: number; agents: number }>;
  /** Pipeline runs under way, waiting for a choice, or ended in this hub lately (absent when none). */
  pipelines?: PipelineFacts[];
  /** The home's plugins (absent: none). */
  plugins?: PluginFacts[];
  /** Improvements waiting for the user's answer, oldest first (absent when none). */
  improvements?: ImprovementFacts[];
}

export type LuaSpec = {
  command: string;
  name?: string;
  cwd?: string;
  args?: string[];
  worktree?: true | { branch?: string; base?: string };
  /** A machine of settings.machines: its hub starts it. */ machine?: string;
};

/**
 * What Lua's app:* asked the hub to do (lua/core/actions.lua), in the hub's own words: the first
 * group are reducer intents (src/hub/intents.ts; the host adds what only it knows, such as how far
 * an agent can scroll or which Lua dialog a palette answers), the rest are the hub's actions.
 */
export type LuaRequest =
  | { type: 'focus'; id: string }
  /** Run a defined pipeline (pipelines.run): the pipeline runner starts it. */
  | { type: 'pipeline_run'; id: string; vars: Record<string, string> }
  /** A run of self.pipelines: cancel it, hold or go on, run a failed step again, keep a step's work. */
  | { type: 'pipeline_cancel'; run: string }
  | { type: 'pipeline_pause'; run: string; pause: boolean }
  | { type: 'pipeline_retry'; run: string; step: string }
  | { type: 'pipeline_choose'; run: string; step: string }
  /** Types text, then presses keys (key specs), into an agent (absent: the focused one). */
  /**
   * The home's plugins, from the palette (yours only): fetch shows one before you grant it (the
   * dialog gets its manifest), add installs a fetched one with what you granted.
   */
  | { type: 'plugin'; op: 'fetch'; source: string; dialog: number }
  | { type: 'plugin'; op: 'add'; token: string; grant: string[] }
  | { type: 'plugin'; op: 'grant'; name: string; grant: string[] }
  | { type: 'plugin'; op: 'update' | 'remove' | 'enable' | 'disable'; name: string }
  | { type: 'send'; id?: string; text: string; keys?: string }
  | { type: 'set_mode'; mode: string }
  | { type: 'notify'; text: string; level: 'info' | 'error' }
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
      dialog: number;
    }
  | { type: 'spawn'; spec: LuaSpec }
  /** No id: the focused agent. */
  | { type: 'kill'; id?: string }
  | { type: 'restart'; id?: string; spec?: LuaSpec }
  | { type: 'quit' }
  | { type: 'run'; id: string; arg?: unknown }
  | { type: 'search'; query: string }
  /** A desktop notification through the user's terminal (OSC 9 or OSC 777). */
  | { type: 'notify_desktop'; text: string; kind: 'osc9' | 'osc777' | 'bell' }
  /** One of app.worktrees (the branch stays). */
  | { type: 'remove_worktree'; path?: string }
  /**
   * A verb of the hub's table by name (app:verb): judged by its `may`, its arguments checked by its
   * checker; its typed answer is handed to the Lua callback `dialog` names (none: a failure is a notice).
   */
  | { type: 'verb'; name: string; args: Record<string, unknown>; dialog?: number }
  /** What an agent's worktree holds, handed to the Lua callback `dialog` names (app:worktree_status). */
  | { type: 'worktree_status'; id?: string; dialog: number }
  /** Merge or rebase an agent's worktree into its base, then remove it and its branch (`force`: even with uncommitted changes). */
  | { type: 'finish_worktree'; id?: string; how: 'merge' | 'rebase'; force: boolean }
  /** Remove an agent's worktree and delete its branch, whatever they hold. */
  | { type: 'discard_worktree'; id?: string }
  /** Open the review panel on an agent's changes (no id: close it). */
  | { type: 'review'; id?: string; mode: 'all' | 'uncommitted' }
  /** Trust a project's `.botster/` as it is now (or no longer): yours only, never an improvement's. */
  | { type: 'trust_project'; path: string; trust: boolean; hash?: string }
  /** Move the open review panel: to its top, or to the next or previous file's changes. */
  | { type: 'review_jump'; to: 'top' | 'next_file' | 'prev_file' }
  /** Open the compare panel on agents' changes side by side (`selected`: 1-based; no ids: close it). */
  | { type: 'compare'; ids?: string[]; mode: 'all' | 'uncommitted'; selected: number }
  /** Select a column of the compare panel (1-based). */
  | { type: 'compare_select'; index: number }
  /** Scroll the compare panel (positive = down): every column, or only the selected one; by lines or pages. */
  | { type: 'compare_scroll'; lines: number; pages: boolean; selected: boolean }
  /** Move the compare panel: each column to its top or end, or the selected one to its next or previous file (the others to the same file). */
  | { type: 'compare_jump'; to: 'top' | 'bottom' | 'next_file' | 'prev_file' };

/** What the handlers of one Lua state asked for while a hub event ran (`owner`: the improvement). */
export interface HookRequests {
  owner?: string;
  requests: LuaRequest[];
}

export interface ExportedBinding {
  mode: string;
  spec: string;
  keys: string[];
  desc: string;
  source: string;
  action: { kind: 'command'; id: string; arg?: unknown } | { kind: 'function'; ref: number; owner?: string };
}

export interface ConfigExport {
  bindings: ExportedBinding[];
  modes: Record<string, { passthrough: boolean; sticky: boolean; desc: string }>;
  commands: Array<{ id: string; desc: string; category: string; source: string; owner?: string }>;
  /** Events that have at least one handler. */
  events: string[];
  /** Bindings of others an improvement removes (reviewed before it goes live). */
  unbinds: Array<{ mode: string; spec: string; keys: string[]; owner?: string }>;
  /** Named ways to start an agent (user/profiles.lua). */
  profiles: Array<{
    name: string;
    command: string;
    args?: string[];
    cwd?: string;
    env?: Record<string, string>;
    worktree?: boolean | { branch?: string; reuse?: boolean; folder?: string; base?: string };
    /** In the spawn dialog (the shipped ones are not). */ listed?: boolean;
    /** It has a resume function. */ resumes?: boolean;
  }>;
  /** The agent CLIs the trusted configuration defines (lua/core/clis.lua); improvements' are not here. */
  clis?: CliInfo[];
  /** settings.* of the trusted configuration (lua/core/settings.lua); improvements have none. */
  settings?: HubSettings;
  /** Every handler: for `botster-tui check`. */
  hooks: Array<{ event: string; name: string; priority: number; source: string }>;
  /** The web's routes (routes.get/post), in the order they were registered: for `botster-tui check`. */
  routes?: Array<{ method: string; path: string; source: string }>;
  /** The layout pieces of every Lua state, by slot in drawing order (layout.piece). */
  pieces?: Array<{ slot: string; name: string; order: number; source: string; owner?: string }>;
}

/** The hub's options as the configuration set them (`settings.way_out = "ctrl+]"`). */
export interface HubSettings {
  /** The canonical chord that leaves insert mode. */
  way_out: string;
  /** Close an agent that exits with 0 by itself (no signal). */
  close_on_clean_exit: boolean;
  /** How lua/default/notify.lua tells you (false: only a notice on screen): bell, osc9, osc777, command ids. */
  notify?: string | string[] | false;
  /** What app.quit does: ask (a dialog in Lua), stop the hub and its agents, or detach the client. */
  on_quit: 'ask' | 'stop' | 'detach';
  /** How worktree.finish brings a branch into its base first: a merge commit, or a rebase. */
  worktree_finish?: 'merge' | 'rebase';
  /** Other machines whose hubs' agents are listed beside ours (checked in Lua: name, ssh, home?, command?). */
  machines?: Array<{ name: string; ssh: string; home?: string; command?: string }> | Record<string, never>;
  /** Plugins you want installed (sources as `botster-tui plugin add` takes them); the hub never fetches. */
  plugins?: string[] | Record<string, never>;
  /** Every agent may type into, read and stop every other without asking you (orchestration). */
  agents_drive_others?: boolean;
  /** KiB of recent output each agent's keeper holds for the next server (docs/keeper.md). */
  keeper_ring_kb?: number;
  /** Where each setting was assigned (`user/keybindings.lua:3`). */
  sources?: Record<string, string>;
}

export const DEFAULT_SETTINGS: HubSettings = Object.freeze({
  way_out: 'ctrl+g',
  close_on_clean_exit: false,
  on_quit: 'ask',
});
