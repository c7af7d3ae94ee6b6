import type { ConfigExport } from '../../hub/configuration.js';
import type { ConfigFile } from './config-file.js';

/** A Lua state's part of the configuration: a plugin's (`plugin:NAME`), an improvement's or a project's. */
export interface ExportingUnit {
  readonly owner?: string | null;
  export(): ConfigExport;
}

/**
 * The configuration's keys, commands and hooks merged with every live plugin's and improvement's,
 * later ones winning: the shipped files, then plugins, then your files and projects', then
 * improvements (docs/files.md#load-order). `main` is the main state's export, which holds both the
 * shipped files' and yours: a binding's or command's `file:line` tells them apart.
 */
export function mergedExport(
  files: readonly ConfigFile[],
  main: ConfigExport,
  units: readonly ExportingUnit[],
  pieces: ConfigExport['pieces'],
): ConfigExport {
  const plugins = units.filter((u) => u.owner?.startsWith('plugin:')).map((u) => u.export());
  const rest = units.filter((u) => !u.owner?.startsWith('plugin:')).map((u) => u.export());
  const shipped = shippedSource(files);
  const low = <T extends { source: string }>(list: T[]) => list.filter((x) => shipped(x.source));
  const high = <T extends { source: string }>(list: T[]) => list.filter((x) => !shipped(x.source));
  const parts = [main, ...plugins, ...rest];
  return {
    bindings: [
      ...low(main.bindings),
      ...plugins.flatMap((p) => p.bindings),
      ...high(main.bindings),
      ...rest.flatMap((p) => p.bindings),
    ],
    modes: Object.assign({}, ...parts.map((p) => p.modes)),
    commands: [
      ...low(main.commands),
      ...plugins.flatMap((p) => p.commands),
      ...high(main.commands),
      ...rest.flatMap((p) => p.commands),
    ],
    events: [...new Set(parts.flatMap((p) => p.events))],
    hooks: parts.flatMap((p) => p.hooks),
    routes: parts.flatMap((p) => p.routes ?? []),
    unbinds: parts.flatMap((p) => p.unbinds),
    profiles: parts.flatMap((p) => p.profiles),
    pieces,
    ...(main.settings ? { settings: main.settings } : {}),
    ...(main.clis ? { clis: main.clis } : {}),
  };
}

/** Whether a `file:line` is in the files the package ships (core, default, keybindings). */
export function shippedSource(files: readonly ConfigFile[]): (source: string) => boolean {
  const names = new Set(
    files
      .filter((f) => f.layer === 'core' || f.layer === 'default' || f.layer === 'keybindings')
      .map((f) => f.name),
  );
  // (A set, not a scan of every file for every binding: each of ~150 is asked.)
  return (source) => {
    const colon = source.lastIndexOf(':');
    return names.has(source) || (colon > 0 && names.has(source.slice(0, colon)));
  };
}
