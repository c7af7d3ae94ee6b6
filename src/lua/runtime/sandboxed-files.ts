import type { ConfigFile } from './config-file.js';
import type { EngineUnit, LogFn } from './engine-unit.js';
import { loadError } from './locate-error.js';
import { finishSandbox, IMPROVEMENT_MEMORY, prepareSandbox, type SandboxSpec } from './improvement-unit.js';
import type { WarmSandboxes } from './warm-sandboxes.js';

/** A sandboxed file of a configuration: the state it gets, and its code. */
export interface SandboxedFile {
  spec: SandboxSpec;
  source: string;
  /** What a failure names and how it is told. */
  shown: string;
  kind: 'plugin' | 'improvement' | 'project';
  /** What the user calls it in a notice. */
  called: string;
}

/** The sandboxed files of `files` in load order: plugins first, then improvements and projects' files. */
export function sandboxedFiles(files: ConfigFile[], persisted: Record<string, unknown>): SandboxedFile[] {
  const out: SandboxedFile[] = [];
  for (const f of files.filter((x) => x.layer === 'plugin' && x.plugin)) {
    const name = `plugin:${f.plugin!.name}`;
    const spec: SandboxSpec = { name, file: f.name, plugin: f.plugin!, namespaces: persisted[name] };
    out.push({ spec, source: f.source, shown: f.name, kind: 'plugin', called: f.plugin!.name });
  }
  for (const f of files.filter((x) => x.layer === 'improvement')) {
    const name = f.owner ?? f.name.replace(/^improvements\//, '').replace(/\.lua$/, '');
    const file = f.owner ? f.name : `improvements/${name}.lua`;
    const spec: SandboxSpec = {
      name,
      file,
      ...(f.grant ? { grant: f.grant } : {}),
      namespaces: persisted[name],
    };
    out.push({
      spec,
      source: f.source,
      shown: f.name,
      kind: f.owner ? 'project' : 'improvement',
      called: name,
    });
  }
  return out;
}

/**
 * The sandboxed files of a configuration, each in a state of its own: improvements (one that does
 * not load is left out, told as `improvements/NAME.lua:LINE: message`, never fatal) and untrusted
 * projects' files (the user's to fix, like their own: an error is thrown, so the last good
 * configuration stays and the error shows). `notice` tells the user (the hub also logs it); `log`
 * is their log. A state prepared ahead for the same spec (`warm`) is used instead of a new one.
 */
export async function loadSandboxed(
  files: ConfigFile[],
  notice: (text: string) => void,
  persisted: Record<string, unknown>,
  log: LogFn,
  warm?: WarmSandboxes | null,
): Promise<Map<string, EngineUnit>> {
  const core = files.filter((f) => f.layer === 'core');
  const units = new Map<string, EngineUnit>();
  warm?.halt();
  try {
    for (const s of sandboxedFiles(files, persisted)) {
      try {
        const prepared = warm?.take(s.spec, core) ?? (await prepareSandbox(s.spec, core, log));
        units.set(s.spec.name, finishSandbox(prepared, s.source));
      } catch (err) {
        const e = loadError(err, s.shown, IMPROVEMENT_MEMORY / (1024 * 1024));
        if (s.kind === 'project') throw e;
        notice(
          s.kind === 'plugin'
            ? `${e.message} (plugin ${s.called} stays off)`
            : `${e.message} (improvement ${s.called} left out)`,
        );
      }
    }
  } catch (err) {
    for (const u of units.values()) u.engine.close();
    throw err;
  }
  return units;
}
