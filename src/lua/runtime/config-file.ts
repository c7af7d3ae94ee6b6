/** One Lua file of the configuration, read by the main thread and evaluated in the worker. */
export interface ConfigFile {
  /** The name errors show (`file:line: message`). */
  name: string;
  source: string;
  /** 'modules': not a file to run but the folder `require` reads ($BOTSTER_HOME/user, in `path`). */
  layer: 'core' | 'default' | 'keybindings' | 'user' | 'improvement' | 'modules';
  path?: string;
}

/** What `self` is in App:render (plain data; the Lua side adds `focused` and `state`). */
export interface AppData {
  agents: Array<{ id: string; name: string; command: string; cwd: string; status: string; exit_code: number | null; signal?: number | null; signal_name?: string | null; title: string; attention: boolean; scroll?: number; branch?: string; profile?: string; waiting_since?: number; bell_at?: number }>;
  focused_id: string | null;
  selected: number | null;
  mode: string;
  size: { width: number; height: number };
  error: string | null;
  /** The latest info notice ("copied 3 line(s)", search results), or null. */
  notice?: string | null;
  hint: string;
  /** The user's shell ($SHELL, else /bin/sh): what a plain new agent runs. */
  shell?: string;
  /** Overlay the hub draws (help, palette), for layouts that want to know. */
  overlay?: string | null;
}

/** What a bound Lua function asked the hub to do. */
export type Effect =
  | { op: 'focus'; target: string | number }
  | { op: 'spawn'; spec: { command: string; name?: string; cwd?: string; args?: string[] } }
  | { op: 'kill'; target?: string | number }
  | { op: 'mode'; mode: string }
  | { op: 'scroll'; lines: number }
  | { op: 'quit' }
  | { op: 'run'; id: string; arg?: unknown }
  | { op: 'notify'; text: string; level?: 'info' | 'error' }
  | { op: 'search'; query: string }
  | { op: 'restart'; target?: string | number; spec?: { command: string; name?: string; cwd?: string; args?: string[] } }
  /** A dialog: `dialog` names the callback waiting in Lua (see __botster.resolve_dialog). */
  | { op: 'select'; title: string; items: Array<{ label: string; description: string }>; dialog: number }
  | { op: 'input'; title: string; default: string; dialog: number };

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
  profiles: Array<{ name: string; command: string; args?: string[]; cwd?: string; env?: Record<string, string>; worktree?: boolean | { branch?: string; reuse?: boolean; folder?: string } }>;
  /** settings.* of the trusted configuration (lua/core/settings.lua); improvements have none. */
  settings?: HubSettings;
  /** Every handler: for `botster-tui check`. */
  hooks: Array<{ event: string; name: string; priority: number; source: string }>;
}

/** The hub's options as the configuration set them (`settings.way_out = "ctrl+]"`). */
export interface HubSettings {
  /** The canonical chord that leaves insert mode. */
  way_out: string;
  /** Close an agent that exits with 0 by itself (no signal). */
  close_on_clean_exit: boolean;
  /** What app.quit does: ask (a dialog in Lua), stop the hub and its agents, or detach the client. */
  on_quit: 'ask' | 'stop' | 'detach';
  /** Where each setting was assigned (`user/keybindings.lua:3`). */
  sources?: Record<string, string>;
}

export const DEFAULT_SETTINGS: HubSettings = Object.freeze({ way_out: 'ctrl+g', close_on_clean_exit: false, on_quit: 'ask' });
