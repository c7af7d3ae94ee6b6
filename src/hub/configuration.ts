// A configuration that went live, as the parts read it. The reload room builds it fresh and, only
// when it works, records its generation in the state (intent `config_loaded`): that one fact is
// what changes, and each part (the frame, the keymap, the commands, the machines, ...) reads from
// the configuration what is its own when the reducer says so (effect `configured`).
import type { CliInfo } from '../agents/cli-info.js';
import type { WidgetNode } from '../tree/types.js';

export interface Configuration {
  /** The state's `configGeneration` this configuration is. */
  generation: number;
  /** The tree its trial render made (null: none, a Lua worker restored after a restart). */
  tree: WidgetNode | null;
  /** The slots the trial render placed (absent: no trial render). */
  slots?: string[];
  /** Its bindings, modes, commands, events, profiles, CLIs and pieces. */
  keymap: ConfigExport;
  /** settings.*, over the defaults. */
  settings: HubSettings;
}

/** A part that takes something from each configuration that goes live. */
export interface ConfigReader {
  configured(config: Configuration): void;
}

// What a configuration's Lua exports: the Lua runtime fills it in, but the hub's parts read it (the
// keymap, the commands, the settings), so the words are the hub's.
export interface ExportedBinding {
  mode: string;
  spec: string;
  keys: string[];
  desc: string;
  source: string;
  /** `verb`: bound as a verb (keys.bind's { verb = ... }): the verb itself where no command has its name. */
  action:
    | { kind: 'command'; id: string; arg?: unknown; verb?: true }
    | { kind: 'function'; ref: number; owner?: string };
}

export interface ConfigExport {
  bindings: ExportedBinding[];
  modes: Record<string, { passthrough: boolean; sticky: boolean; desc: string }>;
  /** `verb`: the verb a command acts through when not named after it (its face's). */
  commands: Array<{
    id: string;
    desc: string;
    category: string;
    source: string;
    owner?: string;
    verb?: string;
  }>;
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
    /** The box it runs in (sandbox.boxes), or false for none. */ sandbox?: string | false;
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
  /** Review comments sent to an agent at work: ask you (send now, wait, cancel), or wait for its turn to end. */
  review_busy?: 'ask' | 'wait';
  /** When worktrees.prune runs by itself (lua/default/worktrees.lua): never, once at start, or every N hours. */
  worktree_prune?: false | 'start' | number;
  /** The percent of an account's 5-hour window that moves an agent to another account (lua/default/accounts.lua); false: never. */
  account_switch_at?: false | number;
  /**
   * Other machines whose hubs' agents are listed beside ours: machines.define and settings.machines
   * (checked in Lua, lua/core/machines.lua): each reached by an ssh host or the command `exec`.
   */
  machines?:
    | Array<{
        name: string;
        ssh?: string;
        exec?: string[];
        line?: boolean;
        home?: string;
        command?: string;
        env?: Record<string, string>;
      }>
    | Record<string, never>;
  /** Plugins you want installed (sources as `botster-tui plugin add` takes them); the hub never fetches. */
  plugins?: string[] | Record<string, never>;
  /** Plugin indexes (plugins.index): git repositories with botster-plugins.json (docs/plugins.md). */
  plugin_indexes?: string[] | Record<string, never>;
  /** Every agent may type into, read and stop every other without asking you (orchestration). */
  agents_drive_others?: boolean;
  /** Each CLI that takes an MCP server gets the hub's for its launch (docs/mcp.md); false: none. */
  mcp?: boolean;
  /** Keep the screens an agent's report and the rules disagree on in $BOTSTER_HOME/corpus/pending/ (off: the home holds no screen). */
  pending_cases?: boolean;
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
