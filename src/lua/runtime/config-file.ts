// What the configuration is read from. What it exports (hub/configuration.ts), the requests it makes
// (hub/requests.ts) and the `self` it is shown (hub/self.ts) are the hub's words, kept in src/hub/.

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
