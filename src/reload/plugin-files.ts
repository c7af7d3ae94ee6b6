// The plugins' files of a configuration: each enabled plugin of HOME/plugins/lock.json whose copy is
// the one the lock pins, as one file of layer 'plugin' (its main file; it requires the rest). What
// cannot load says why as the file's error, so the plugin stays off with a notice and the rest loads.
// The hub never fetches here: a missing copy names the command that restores it.
import fs from 'node:fs';
import path from 'node:path';
import type { ConfigFile } from '../lua/runtime/config-file.js';
import { livePath, lockPath, pinOf, readLock, readPin, type LockEntry } from '../plugins/lock.js';
import { readManifest } from '../plugins/manifest.js';
import { pinText } from '../plugins/install.js';
import { displayPath } from './paths.js';
import { readLuaSource } from './read-lua-source.js';

// How long after its copy was swapped a plugin whose pin the lock does not carry yet is taken for
// an update under way (the lock is written right after the copy).
const SWAP_MS = 2000;

/** A file whose loading fails with `message` (the plugin stays off, the notice says why). */
function failing(name: string, message: string, e: LockEntry): ConfigFile {
  // The notice names the file once: loading it puts its name first.
  const text = message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message;
  let eq = '';
  while (text.includes(`]${eq}]`)) eq += '=';
  return {
    name,
    source: `error([${eq}[${text}]${eq}], 0)`,
    layer: 'plugin',
    plugin: { name: e.name, granted: e.granted, root: '', shown: name },
  };
}

export function pluginConfigFiles(home: string): ConfigFile[] {
  let entries: LockEntry[];
  try {
    entries = Object.values(readLock(home).plugins);
  } catch (err) {
    const e: LockEntry = {
      name: 'lock',
      kind: 'folder',
      source: '',
      version: '',
      wants: [],
      granted: [],
      enabled: true,
    };
    return [failing(displayPath(lockPath(home)), (err as Error).message, e)];
  }
  const out: ConfigFile[] = [];
  for (const e of entries.filter((x) => x.enabled).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const dir = livePath(home, e.name);
    const shown = displayPath(dir);
    if (!fs.existsSync(dir)) {
      out.push(failing(shown, `${shown}: not installed (botster-tui plugin restore ${e.name})`, e));
      continue;
    }
    if (e.kind !== 'folder' && readPin(dir) !== pinOf(e)) {
      const f = failing(
        shown,
        `not the version the lock pins (${pinText(e)}; botster-tui plugin restore ${e.name})`,
        e,
      );
      out.push(Date.now() - fs.lstatSync(dir).ctimeMs < SWAP_MS ? { ...f, settling: true } : f);
      continue;
    }
    try {
      const m = readManifest(dir);
      if (m.name !== e.name) throw new Error(`${shown}/plugin.json: names itself ${m.name}, not ${e.name}`);
      const file = path.join(dir, m.main);
      const name = displayPath(file);
      out.push({
        name,
        source: readLuaSource(file, name),
        layer: 'plugin',
        plugin: {
          name: e.name,
          granted: e.granted,
          root: fs.realpathSync(dir),
          shown,
          hosts: m.hosts,
          commands: m.commands,
        },
      });
    } catch (err) {
      out.push(failing(shown, (err as Error).message, e));
    }
  }
  return out;
}
