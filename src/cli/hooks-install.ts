import { ConfigFileError, readConfig, writeConfig } from './config-write.js';
import type { HookSettings } from '../agents/cli-info.js';
import { OURS, hookEntry } from '../agents/hook-snippets.js';
import { setTopLevelKey } from './toml-key.js';

// `botster-tui hooks CLI --install` merges our hooks into a Claude-style CLI's settings.json (the
// user's other settings and hooks stay), or sets a top-level key of a TOML config (Codex's
// `notify`) by a text edit that keeps the rest of the file. Installing twice changes nothing.

export interface InstallResult {
  file: string;
  /** What changed, one line each (empty: already installed, nothing written). */
  changes: string[];
  backup: string | null;
  created: boolean;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Merges our hooks into the settings object; returns what it changed. */
export function mergeJsonHooks(spec: HookSettings, settings: Obj, file: string): string[] {
  if (settings.hooks !== undefined && !isObj(settings.hooks))
    throw new ConfigFileError(`${file}: "hooks" is not an object; nothing was written`);
  const hooks = (settings.hooks ??= {}) as Obj;
  const changes: string[] = [];
  for (const h of spec.events) {
    const want = hookEntry(spec.style, h);
    const wantHook = (want.hooks as Obj[])[0];
    const groups = (hooks[h.event] ??= []) as unknown[];
    if (!Array.isArray(groups))
      throw new ConfigFileError(`${file}: hooks.${h.event} is not a list; nothing was written`);
    // Ours, from this or an older version: updated in place, never added twice.
    const at = groups.findIndex(
      (g) =>
        isObj(g) &&
        Array.isArray(g.hooks) &&
        g.hooks.some((x) => isObj(x) && typeof x.command === 'string' && OURS.test(x.command)),
    );
    if (at < 0) {
      groups.push(want);
      changes.push(`added ${h.event}${h.matcher ? ` (${h.matcher})` : ''} -> ${h.state}`);
      continue;
    }
    const group = groups[at] as Obj;
    const list = group.hooks as unknown[];
    const i = list.findIndex((x) => isObj(x) && typeof x.command === 'string' && OURS.test(x.command));
    const sameHook = JSON.stringify(list[i]) === JSON.stringify(wantHook);
    const sameMatcher = group.matcher === want.matcher;
    if (sameHook && (sameMatcher || list.length > 1)) continue;
    list[i] = wantHook;
    // A group the user shares with their own hooks keeps its matcher.
    if (list.length === 1) {
      if (want.matcher === undefined) delete group.matcher;
      else group.matcher = want.matcher;
    }
    changes.push(`updated ${h.event} -> ${h.state}`);
  }
  return changes;
}

export function installSettings(spec: HookSettings, file: string): InstallResult {
  const old = readConfig(file);
  let settings: unknown = {};
  if (old !== null && old.trim() !== '') {
    try {
      settings = JSON.parse(old);
    } catch (e) {
      // Gemini CLI reads comments in its settings.json; a rewrite would lose them: merge by hand there.
      const comments = /^\s*\/\/|\/\*/m.test(old)
        ? ' (comments? merge the snippet of botster-tui hooks by hand)'
        : '';
      throw new ConfigFileError(
        `${file} is not valid JSON (${(e as Error).message})${comments}; nothing was written`,
      );
    }
  }
  if (!isObj(settings)) throw new ConfigFileError(`${file} does not hold a JSON object; nothing was written`);
  const changes = mergeJsonHooks(spec, settings, file);
  if (changes.length === 0) return { file, changes, backup: null, created: false };
  const backup = writeConfig(file, `${JSON.stringify(settings, null, 2)}\n`, old);
  return { file, changes, backup, created: old === null };
}

/** Sets `key = value` at the top of a TOML file (a CLI reads one program there: the old one is kept as a comment). */
export function installTomlKey(key: string, value: string, file: string): InstallResult {
  const old = readConfig(file);
  const line = `${key} = ${value}`;
  const edit = setTopLevelKey(old ?? '', key, line, file);
  if (edit.text === (old ?? '')) return { file, changes: [], backup: null, created: false };
  const changes = edit.replaced
    ? [
        `replaced the ${key} it had (it takes one; the old one is kept as a comment above ours and in the backup): ${edit.replaced}`,
      ]
    : [`added ${key}`];
  const backup = writeConfig(file, edit.text, old);
  return { file, changes, backup, created: old === null };
}
