// Adding, updating, restoring and removing plugins: what `botster-tui plugin` and the palette's
// plugin.* commands do. Each fetches into HOME/plugins/.staging, checks the manifest and that the
// Lua loads, asks the user for what it wants that they have not granted, and only then swaps the
// copy in and writes the lock: a version that fails any of that never replaces the one that loads.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Capability } from '../hub/capabilities.js';
import { cardGrowth, cardText, type Card } from './card.js';
import { pluginCard } from './card-files.js';
import { readManifest, type PluginManifest } from './manifest.js';
import {
  livePath,
  pinOf,
  PIN_FILE,
  pluginsDir,
  readLock,
  readPin,
  writeLock,
  type LockEntry,
} from './lock.js';
import {
  checkoutInto,
  cloneBare,
  commitOf,
  fetchBare,
  npmInto,
  parseSource,
  type PluginSource,
} from './sources.js';

export interface PluginIo {
  /**
   * Shows what the plugin wants that the user has not granted and answers what they grant of it
   * (none: nothing). Only the user answers: a script passes --grant, an agent cannot.
   */
  grant(
    m: PluginManifest,
    asking: Capability[],
    why: 'add' | 'update',
    card: string[],
  ): Promise<Capability[]>;
  /**
   * An update whose card grew (a new program, host, file, key, agent verb or route) with no new
   * capability to grant: shows what is new and answers whether the user lets it go live.
   */
  grown?(m: PluginManifest, grown: string[]): Promise<boolean>;
  /** Loads the plugin's Lua as the hub would; throws `file:line: message` when it does not load. */
  check(dir: string, m: PluginManifest, granted: Capability[]): Promise<void>;
}

const staging = (home: string) => path.join(pluginsDir(home), '.staging');
const bareOf = (home: string, name: string) => path.join(pluginsDir(home), '.repos', `${name}.git`);
const short = (commit?: string) => (commit ? commit.slice(0, 7) : '');

function stageDir(home: string): string {
  const dir = path.join(staging(home), crypto.randomBytes(6).toString('hex'));
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  return dir;
}

/** A version's files, fetched into staging: where they are and what pins them. */
interface Staged {
  dir: string;
  manifest: PluginManifest;
  commit?: string;
  version: string;
  /** git: the bare copy it came from (moved to .repos/NAME.git on add). */
  bare?: string;
}

async function stage(home: string, src: PluginSource, bare?: string, fetch = true): Promise<Staged> {
  const dir = stageDir(home);
  try {
    if (src.kind === 'folder') {
      fs.symlinkSync(src.location, dir, 'dir');
      const manifest = readManifest(dir);
      return { dir, manifest, version: manifest.version };
    }
    if (src.kind === 'npm') {
      const version = await npmInto(src.ref ? `${src.location}@${src.ref}` : src.location, dir);
      fs.writeFileSync(path.join(dir, PIN_FILE), version + '\n');
      return { dir, manifest: readManifest(dir), version };
    }
    const repo = bare ?? `${dir}.git`;
    if (!bare) await cloneBare(src.location, repo);
    else if (fetch) await fetchBare(bare, src.location);
    const commit = await commitOf(repo, src.ref);
    await checkoutInto(repo, commit, dir);
    fs.writeFileSync(path.join(dir, PIN_FILE), commit + '\n');
    const manifest = readManifest(dir);
    return { dir, manifest, commit, version: manifest.version, ...(bare ? {} : { bare: repo }) };
  } catch (err) {
    drop(dir);
    if (!bare && src.kind === 'git') drop(`${dir}.git`);
    throw err;
  }
}

/** Removes a staged or old copy (a folder plugin's link, never the folder it points at). */
function drop(dir: string): void {
  try {
    if (fs.lstatSync(dir).isSymbolicLink()) fs.unlinkSync(dir);
    else fs.rmSync(dir, { recursive: true, force: true });
  } catch {
    // not there
  }
}

/** The staged copy becomes the live one (the old one is moved aside first, then removed). */
function swapIn(home: string, name: string, staged: Staged): void {
  const live = livePath(home, name);
  let old: string | null = null;
  try {
    fs.lstatSync(live);
    old = stageDir(home);
    fs.renameSync(live, old);
  } catch {
    // nothing there yet
  }
  fs.renameSync(staged.dir, live);
  if (old) drop(old);
}

function toSource(e: LockEntry, ref?: string): PluginSource {
  const at = ref ?? e.ref;
  return { kind: e.kind, location: e.source, ...(at ? { ref: at } : {}) };
}

/** A plugin fetched into staging, not yet installed (installFetched, or discardFetched). */
export interface Fetched extends Staged {
  kind: PluginSource['kind'];
  source: string;
  ref?: string;
}

/** Fetches SOURCE[@REF] into staging and reads its manifest: what the user is shown before granting. */
export async function fetchPlugin(home: string, text: string, cwd: string): Promise<Fetched> {
  const src = parseSource(text, cwd);
  const staged = await stage(home, src);
  return { ...staged, kind: src.kind, source: src.location, ...(src.ref ? { ref: src.ref } : {}) };
}

export function discardFetched(f: Fetched): void {
  drop(f.dir);
  if (f.bare) drop(f.bare);
}

/** A fetched plugin granted, checked, then live; staging is cleaned up whatever happens. */
export async function installFetched(home: string, f: Fetched, io: PluginIo): Promise<LockEntry> {
  const m = f.manifest;
  try {
    const lock = readLock(home);
    if (lock.plugins[m.name])
      throw new Error(`a plugin named ${m.name} is installed already (botster-tui plugin update ${m.name})`);
    const granted = await io.grant(m, m.capabilities, 'add', cardText(pluginCard(f.dir, m)));
    const extra = granted.filter((c) => !m.capabilities.includes(c));
    if (extra.length) throw new Error(`${m.name} does not ask for ${extra.join(', ')}: nothing to grant`);
    try {
      await io.check(f.dir, m, granted);
    } catch (err) {
      throw new Error(
        `${(err as Error).message}\n${m.name} does not load with what you granted: nothing was added`,
      );
    }
    if (f.bare) {
      const bare = bareOf(home, m.name);
      drop(bare);
      fs.mkdirSync(path.dirname(bare), { recursive: true });
      fs.renameSync(f.bare, bare);
    }
    const entry: LockEntry = {
      name: m.name,
      kind: f.kind,
      source: f.source,
      ...(f.ref ? { ref: f.ref } : {}),
      ...(f.commit ? { commit: f.commit } : {}),
      version: f.version,
      wants: m.capabilities,
      granted,
      enabled: true,
    };
    swapIn(home, m.name, f);
    lock.plugins[m.name] = entry;
    writeLock(home, lock);
    return entry;
  } finally {
    discardFetched(f);
  }
}

/** The card of the live copy (none there, or unreadable: an empty card, so everything is new). */
function liveCard(home: string, e: LockEntry): Card {
  try {
    const dir = livePath(home, e.name);
    return pluginCard(dir, readManifest(dir));
  } catch {
    return { lines: [] };
  }
}

/** `botster-tui plugin add SOURCE[@REF]`: fetched, shown, granted, checked, then live. */
export async function addPlugin(home: string, text: string, cwd: string, io: PluginIo): Promise<LockEntry> {
  return installFetched(home, await fetchPlugin(home, text, cwd), io);
}

function entryOf(home: string, name: string): LockEntry {
  const e = readLock(home).plugins[name];
  if (!e) throw new Error(`no plugin named ${name} (botster-tui plugin ls)`);
  return e;
}

/** What an entry's pin reads as, for people (a short commit, a version, "folder"). */
export function pinText(e: LockEntry): string {
  return e.kind === 'git'
    ? `${e.version} @ ${short(e.commit)}`
    : e.kind === 'npm'
      ? e.version
      : `${e.version} (folder)`;
}

/**
 * `botster-tui plugin update NAME[@REF]`: the newest version of what it follows (or REF; its
 * `previous` goes back), checked and granted before it replaces the live one. Answers what happened.
 */
export async function updatePlugin(
  home: string,
  name: string,
  ref: string | undefined,
  io: PluginIo,
): Promise<string> {
  const e = entryOf(home, name);
  const target = ref === 'previous' ? e.previous : ref;
  if (ref === 'previous' && !target) throw new Error(`${name} has no previous version to go back to`);
  const staged = await stage(home, toSource(e, target), e.kind === 'git' ? bareOf(home, name) : undefined);
  try {
    const m = staged.manifest;
    if (m.name !== name) throw new Error(`that version calls itself ${m.name}, not ${name}: not updated`);
    const same =
      e.kind === 'git' ? staged.commit === e.commit : e.kind === 'npm' && staged.version === e.version;
    if (same) return `${name} is up to date (${pinText(e)})`;
    const asking = m.capabilities.filter((c) => !e.granted.includes(c));
    let granted = e.granted.filter((c) => m.capabilities.includes(c));
    // What it does that the live version did not: asked again, with what is new.
    const grown = cardGrowth(liveCard(home, e), pluginCard(staged.dir, m)).map((l) => l.text);
    if (asking.length) {
      const more = await io.grant(m, asking, 'update', [...cardText(pluginCard(staged.dir, m)), ...grown]);
      const missing = asking.filter((c) => !more.includes(c));
      if (missing.length)
        throw new Error(
          `${name} ${m.version} wants ${missing.join(', ')}, which you did not grant: ${name} stays at ${pinText(e)}`,
        );
      granted = [...granted, ...more];
    } else if (grown.length && !(await io.grown?.(m, grown)))
      throw new Error(
        `${name} ${m.version} does more than ${pinText(e)}: ${grown.join('; ')}; not accepted: ${name} stays at ${pinText(e)}`,
      );
    try {
      await io.check(staged.dir, m, granted);
    } catch (err) {
      throw new Error(
        `${(err as Error).message}\n${name} ${m.version} does not load: ${name} stays at ${pinText(e)}`,
      );
    }
    const lock = readLock(home);
    const next: LockEntry = {
      ...e,
      ...(staged.commit ? { commit: staged.commit } : {}),
      ...(ref && ref !== 'previous' && e.kind !== 'git' ? { ref } : {}),
      version: staged.version,
      wants: m.capabilities,
      granted,
      previous: e.kind === 'git' ? e.commit : e.version,
    };
    swapIn(home, name, staged);
    lock.plugins[name] = next;
    writeLock(home, lock);
    return `${name}: ${pinText(e)} -> ${pinText(next)}`;
  } finally {
    drop(staged.dir);
  }
}

/**
 * `botster-tui plugin restore [NAME]`: each copy made what the lock says (a lock file taken from
 * elsewhere, or edited, pins the versions back). Fetches only what its bare copy lacks.
 */
export async function restorePlugins(home: string, names: string[], io: PluginIo): Promise<string[]> {
  const lock = readLock(home);
  const out: string[] = [];
  for (const e of Object.values(lock.plugins)) {
    if (names.length && !names.includes(e.name)) continue;
    const live = livePath(home, e.name);
    if (e.kind === 'folder') {
      if (!fs.existsSync(live)) {
        const staged = await stage(home, toSource(e));
        swapIn(home, e.name, staged);
        out.push(`${e.name}: linked to ${e.source}`);
      } else out.push(`${e.name}: ${pinText(e)}, as the lock says`);
      continue;
    }
    if (readPin(live) === pinOf(e)) {
      out.push(`${e.name}: ${pinText(e)}, as the lock says`);
      continue;
    }
    let staged: Staged;
    if (e.kind === 'git') {
      const bare = bareOf(home, e.name);
      if (!fs.existsSync(bare)) await cloneBare(e.source, bare);
      // Offline when the bare copy has the commit already.
      const has = await commitOf(bare, e.commit).then(
        () => true,
        () => false,
      );
      staged = await stage(home, { kind: 'git', location: e.source, ref: e.commit! }, bare, !has);
    } else staged = await stage(home, { kind: 'npm', location: e.source, ref: e.version });
    try {
      await io.check(staged.dir, staged.manifest, e.granted);
      swapIn(home, e.name, staged);
      out.push(`${e.name}: restored to ${pinText(e)}`);
    } finally {
      drop(staged.dir);
    }
  }
  if (names.length && !out.length)
    throw new Error(`no plugin named ${names.join(', ')} (botster-tui plugin ls)`);
  return out;
}

/** `botster-tui plugin remove NAME`: its copy, its bare repository and its line in the lock. */
export function removePlugin(home: string, name: string): string {
  const lock = readLock(home);
  const e = lock.plugins[name];
  if (!e) throw new Error(`no plugin named ${name} (botster-tui plugin ls)`);
  delete lock.plugins[name];
  writeLock(home, lock);
  drop(livePath(home, name));
  drop(bareOf(home, name));
  return `${name} removed${e.kind === 'folder' ? ` (its folder ${e.source} stays)` : ''}`;
}

/** enable / disable / grant / revoke: a change of its line in the lock (the hub reloads). */
export function changeEntry(home: string, name: string, change: (e: LockEntry) => LockEntry): LockEntry {
  const lock = readLock(home);
  const e = lock.plugins[name];
  if (!e) throw new Error(`no plugin named ${name} (botster-tui plugin ls)`);
  lock.plugins[name] = change(e);
  writeLock(home, lock);
  return lock.plugins[name];
}
