// Whether a plugin's Lua loads as the hub would load it (its own sandboxed state, with what it was
// granted): what `plugin add` and `plugin update` ask before a version replaces the live one.
import fs from 'node:fs';
import path from 'node:path';
import { readConfigFiles } from './config-files.js';
import { readLuaSource } from './read-lua-source.js';
import { loadImprovement, IMPROVEMENT_MEMORY } from '../lua/runtime/improvement-unit.js';
import { loadError } from '../lua/runtime/locate-error.js';
import type { Capability } from '../hub/capabilities.js';
import type { PluginManifest } from '../plugins/manifest.js';

export async function checkPluginLoads(
  home: string,
  dir: string,
  m: PluginManifest,
  granted: Capability[],
  /** How errors name its folder: the plugin's name (not the staging folder a new version is checked in). */
  shownDir = m.name,
): Promise<void> {
  const core = readConfigFiles({ home }).filter((f) => f.layer === 'core');
  const file = path.join(dir, m.main);
  const shown = `${shownDir}/${m.main}`;
  const source = readLuaSource(file, shown);
  let unit;
  try {
    const root = { granted, root: fs.realpathSync(dir), shown: shownDir };
    unit = await loadImprovement(`plugin:${m.name}`, source, core, () => {}, undefined, shown, root);
  } catch (err) {
    throw new Error(loadError(err, shown, IMPROVEMENT_MEMORY / (1024 * 1024)).message);
  }
  unit.dispose();
}
