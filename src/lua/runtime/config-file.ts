/** One Lua file of the configuration, read by the main thread and evaluated in the worker. */
export interface ConfigFile {
  /** The name errors show (`file:line: message`). */
  name: string;
  source: string;
  layer: 'core' | 'default' | 'keybindings' | 'user';
}

/** What `self` is in App:render (plain data; the Lua side adds `focused` and `state`). */
export interface AppData {
  agents: Array<{ id: string; name: string; command: string; cwd: string; status: string; exit_code: number | null; title: string; attention: boolean }>;
  focused_id: string | null;
  selected: number | null;
  mode: string;
  size: { width: number; height: number };
  error: string | null;
  hint: string;
}
