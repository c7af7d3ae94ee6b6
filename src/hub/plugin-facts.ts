/** A plugin of the home as `self.plugins` shows it (HOME/plugins/lock.json). */
export interface PluginFacts {
  name: string;
  version: string;
  /** "1.2.0 @ abc1234" (git), "1.2.0" (npm), "1.2.0 (folder)". */
  pin: string;
  kind: string;
  source: string;
  enabled: boolean;
  /** Its copy is there (a missing one: botster-tui plugin restore). */
  installed: boolean;
  wants: string[];
  granted: string[];
}
