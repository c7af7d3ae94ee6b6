// An improvement made a plugin (`botster-tui plugin new NAME --from improvement IMP`, and the
// plugin_from_improvement verb an agent calls through MCP): a new folder with its live version as
// init.lua, every version the hub kept (history/vN.lua, HISTORY.md), a manifest asking for the
// capabilities its code uses (plugins/derive-capabilities.ts) and the hosts and programs its
// policy granted, a README and a golden-frame test. It only writes that folder: adding it to a
// home stays `botster-tui plugin add`, the user's.
import fs from 'node:fs';
import path from 'node:path';
import { ImprovementHistory } from '../reload/improvement-history.js';
import { deriveCapabilities, type DerivedCapabilities } from '../plugins/derive-capabilities.js';
import { checkPluginName, parseManifest, type PluginManifest } from '../plugins/manifest.js';
import { readLock } from '../plugins/lock.js';
import { historyMd, providesOf, readme, testLua, type Registers } from './plugin-brief.js';

export interface MadePlugin {
  dir: string;
  manifest: PluginManifest;
  derived: DerivedCapabilities;
  /** The files written, relative to `dir`. */
  files: string[];
  /** The test file (relative to `dir`). */
  test: string;
  improvement: { name: string; live: number; versions: number };
}

/** Why a plugin cannot be made (nothing was written). */
export class ToPluginError extends Error {
  constructor(
    message: string,
    readonly reason: 'invalid_name' | 'unknown_name' | 'name_taken' | 'exists',
  ) {
    super(message);
  }
}

/** The files of the plugin, by path relative to its folder; throws ToPluginError. */
export function pluginFilesOf(
  home: string,
  name: string,
  imp: string,
): { files: Record<string, string>; made: Omit<MadePlugin, 'dir' | 'files'> } {
  const bad = checkPluginName(name);
  if (bad) throw new ToPluginError(bad, 'invalid_name');
  const history = new ImprovementHistory(home);
  const summary = ImprovementHistory.validName(imp) ? history.list().find((i) => i.name === imp) : undefined;
  if (!summary)
    throw new ToPluginError(
      `no improvement named "${imp}" in ${home} (botster-tui improvements lists them)`,
      'unknown_name',
    );
  const taken = readLock(home).plugins[name];
  if (taken)
    throw new ToPluginError(
      `a plugin named "${name}" is in this home already (from ${taken.source}): choose another name`,
      'name_taken',
    );
  const all = history.allVersions(imp);
  // The live version; a disabled improvement's last one.
  const liveNo = summary.liveVersion ?? all[all.length - 1].record.version;
  const live = all.find((v) => v.record.version === liveNo) ?? all[all.length - 1];
  const derived = deriveCapabilities([live.source]);
  // What its policy granted it reaches too (hosts it builds at run time are not in the text).
  const grant = live.record.grant;
  const hosts = derived.capabilities.includes('net')
    ? [...new Set([...(grant?.hosts ?? []), ...derived.hosts])]
    : [];
  const commands = derived.capabilities.includes('run')
    ? [...new Set([...(grant?.commands ?? []), ...derived.commands])]
    : [];
  const raw = {
    name,
    version: `1.0.${liveNo}`,
    description: `the improvement ${imp} (v${liveNo}), made a plugin`,
    provides: providesOf(live.record.registers as Registers | undefined),
    capabilities: derived.capabilities,
    ...(hosts.length ? { hosts } : {}),
    ...(commands.length ? { commands } : {}),
  };
  const manifestText = JSON.stringify(raw, null, 2) + '\n';
  const manifest = parseManifest(manifestText); // (what plugin add will read: it must parse)
  const test = `${name.replace(/-/g, '_')}_test.lua`;
  const improvement = { name: imp, live: liveNo, versions: all.length };
  const files: Record<string, string> = {
    'plugin.json': manifestText,
    'init.lua': live.source,
    'README.md': readme(manifest, derived, improvement, test),
    'HISTORY.md': historyMd(
      name,
      imp,
      all.map((v) => v.record),
      liveNo,
    ),
    [test]: testLua(name, imp),
  };
  for (const v of all) files[`history/v${v.record.version}.lua`] = v.source;
  return { files, made: { manifest, derived, test, improvement } };
}

/**
 * Writes the plugin into `dir`, which must not exist (nothing is overwritten, ever); answers what
 * it wrote. Its golden frame is not there yet: the first `botster-tui test` writes it.
 */
export function writePluginFromImprovement(home: string, name: string, imp: string, dir: string): MadePlugin {
  const { files, made } = pluginFilesOf(home, name, imp);
  const target = path.resolve(dir);
  if (fs.existsSync(target))
    throw new ToPluginError(`${target} is there already: nothing written (name a new folder)`, 'exists');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  try {
    fs.mkdirSync(target); // (not recursive: a folder made meanwhile is refused too)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      throw new ToPluginError(`${target} is there already: nothing written (name a new folder)`, 'exists');
    throw err;
  }
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(target, rel)), { recursive: true });
    fs.writeFileSync(path.join(target, rel), text, { flag: 'wx' });
  }
  return { ...made, dir: target, files: Object.keys(files) };
}
