import fs from 'node:fs';
import path from 'node:path';
import { MANIFEST, readManifest } from '../../plugins/manifest.js';
import { livePath, pluginsDir, readLock, writeLock } from '../../plugins/lock.js';

// A test file in a plugin's own folder (one `plugin new` made, not yet added to a home): its hub
// fixture's home has that plugin added in place, with what its manifest asks for granted, as
// `plugin add FOLDER --grant all` would do.

/** The plugin folder a test file is in (its folder or one above with a plugin.json), if any. */
export function pluginFolderOf(file: string): string | undefined {
  let dir = path.dirname(file);
  for (let i = 0; i < 4; i++) {
    if (fs.existsSync(path.join(dir, MANIFEST))) return dir;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** Adds the plugin in `dir` to `home` in place (a link, as a folder plugin is), all it asks for granted. */
export function addPluginInPlace(home: string, dir: string): void {
  const m = readManifest(dir);
  fs.mkdirSync(pluginsDir(home), { recursive: true });
  fs.symlinkSync(path.resolve(dir), livePath(home, m.name));
  const lock = readLock(home);
  lock.plugins[m.name] = {
    name: m.name,
    kind: 'folder',
    source: path.resolve(dir),
    version: m.version,
    wants: m.capabilities,
    granted: m.capabilities,
    enabled: true,
  };
  writeLock(home, lock);
}
