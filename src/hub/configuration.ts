// A configuration that went live, as the parts read it. The reload room builds it fresh and, only
// when it works, records its generation in the state (intent `config_loaded`): that one fact is
// what changes, and each part (the frame, the keymap, the commands, the machines, ...) reads from
// the configuration what is its own when the reducer says so (effect `configured`).
import type { ConfigExport, HubSettings } from '../lua/runtime/config-file.js';
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
