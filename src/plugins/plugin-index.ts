// Plugin indexes (docs/plugins.md#finding-plugins): git repositories with a botster-plugins.json
// at their root, named in the user's Lua with plugins.index(SOURCE). Fetched only when the user
// asks (`plugin search --update`, or the first search of an index not cached yet) into
// HOME/plugins/.index/, each listed plugin fetched at its pin with its card; searches read that
// cache offline.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { cardText, type CardLine } from './card.js';
import { pluginCard } from './card-files.js';
import { pluginsDir } from './lock.js';
import { checkPluginName, readManifest } from './manifest.js';
import { checkoutInto, cloneBare, commitOf, fetchBare, git, npmInto, parseSource } from './sources.js';

export const INDEX_FILE = 'botster-plugins.json';

/** One plugin as an index lists it. */
export interface IndexEntry {
  name: string;
  /** Where it is: what `plugin add` takes (a git URL, github:owner/repo, npm:NAME). */
  source: string;
  /** The branch, tag or commit to pin (git), or the version (npm); default: its default branch / latest. */
  ref?: string;
  description: string;
  version?: string;
  keywords: string[];
}

/** One plugin found: the entry, pinned, with its card (or why it could not be read). */
export interface Found extends IndexEntry {
  index: string;
  /** git: the commit; npm: the version. */
  pin?: string;
  card?: string[];
  card_lines?: CardLine[];
  error?: string;
}

export interface IndexCache {
  source: string;
  /** The index repository's commit the list was read at. */
  commit: string;
  fetched_at: string;
  plugins: Found[];
}

const indexRoot = (home: string) => path.join(pluginsDir(home), '.index');
const slug = (s: string) => crypto.createHash('sha1').update(s).digest('hex').slice(0, 16);
const cacheFile = (home: string, source: string) => path.join(indexRoot(home), `${slug(source)}.json`);

/** Reads an index file's text; throws `botster-plugins.json: message`. */
export function parseIndex(text: string): IndexEntry[] {
  const fail = (msg: string): never => {
    throw new Error(`${INDEX_FILE}: ${msg}`);
  };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return fail(`not JSON (${(err as Error).message})`);
  }
  const list = (raw as { plugins?: unknown })?.plugins;
  if (!Array.isArray(list)) return fail('expected { "plugins": [ ... ] }');
  return list.map((v, i) => {
    const e = v as Record<string, unknown>;
    const text = (k: string, need = false): string | undefined => {
      const x = e?.[k];
      if (x === undefined && !need) return undefined;
      if (typeof x !== 'string' || !x.trim()) fail(`plugins[${i}].${k} must be text`);
      return (x as string).trim();
    };
    const name = text('name', true)!;
    const bad = checkPluginName(name);
    if (bad) fail(`plugins[${i}]: ${bad}`);
    const keywords = Array.isArray(e.keywords)
      ? e.keywords.filter((k): k is string => typeof k === 'string')
      : [];
    const ref = text('ref');
    const version = text('version');
    return {
      name,
      source: text('source', true)!,
      ...(ref ? { ref } : {}),
      description: text('description') ?? '',
      ...(version ? { version } : {}),
      keywords,
    };
  });
}

/** The cached list of an index (null: never fetched). */
export function readIndexCache(home: string, source: string): IndexCache | null {
  try {
    return JSON.parse(fs.readFileSync(cacheFile(home, source), 'utf8')) as IndexCache;
  } catch {
    return null;
  }
}

/** One listed plugin fetched at its pin into a scratch folder: its pin and card. */
async function pinned(
  home: string,
  e: IndexEntry,
): Promise<Pick<Found, 'pin' | 'card' | 'card_lines' | 'version'>> {
  const src = parseSource(e.source, home, 'index');
  const tmp = path.join(indexRoot(home), '.work', crypto.randomBytes(6).toString('hex'));
  try {
    let pin: string;
    if (src.kind === 'git') {
      const bare = path.join(indexRoot(home), '.repos', `${slug(src.location)}.git`);
      if (fs.existsSync(bare)) await fetchBare(bare, src.location);
      else {
        fs.mkdirSync(path.dirname(bare), { recursive: true });
        await cloneBare(src.location, bare);
      }
      pin = await commitOf(bare, e.ref ?? src.ref);
      await checkoutInto(bare, pin, tmp);
    } else pin = await npmInto(`${src.location}${e.ref ? `@${e.ref}` : src.ref ? `@${src.ref}` : ''}`, tmp);
    const m = readManifest(tmp);
    if (m.name !== e.name) throw new Error(`its plugin.json calls it ${m.name}, not ${e.name}`);
    const card = pluginCard(tmp, m);
    return { pin, version: m.version, card: cardText(card), card_lines: card.lines };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Fetches an index and each plugin it lists (at its pin), and writes the cache; answers it. */
export async function updateIndex(home: string, source: string): Promise<IndexCache> {
  const src = parseSource(source, home);
  if (src.kind !== 'git')
    throw new Error(`${source}: an index is a git repository (a URL, file://, github:owner/repo)`);
  const bare = path.join(indexRoot(home), `${slug(source)}.git`);
  if (fs.existsSync(bare)) await fetchBare(bare, src.location);
  else {
    fs.mkdirSync(indexRoot(home), { recursive: true });
    await cloneBare(src.location, bare);
  }
  const commit = await commitOf(bare, src.ref);
  let text: string;
  try {
    text = await git(['--git-dir', bare, 'show', `${commit}:${INDEX_FILE}`]);
  } catch {
    throw new Error(`${source}: no ${INDEX_FILE} at its root (docs/plugins.md#finding-plugins)`);
  }
  const plugins: Found[] = [];
  for (const e of parseIndex(text)) {
    try {
      plugins.push({ ...e, index: source, ...(await pinned(home, e)) });
    } catch (err) {
      plugins.push({ ...e, index: source, error: (err as Error).message });
    }
  }
  const cache: IndexCache = { source, commit, fetched_at: new Date().toISOString(), plugins };
  const file = cacheFile(home, source);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(cache, null, 2) + '\n');
  fs.renameSync(`${file}.tmp`, file);
  return cache;
}

/** The cached plugins of these indexes whose name, description or keywords hold every word. */
export function searchCached(home: string, indexes: readonly string[], words: readonly string[]): Found[] {
  const want = words.map((w) => w.toLowerCase()).filter(Boolean);
  const out: Found[] = [];
  for (const source of indexes)
    for (const p of readIndexCache(home, source)?.plugins ?? []) {
      const hay = [p.name, p.description, ...p.keywords].join(' ').toLowerCase();
      if (want.every((w) => hay.includes(w))) out.push(p);
    }
  return out;
}

/** A plugin of these indexes' caches by name (the first index that lists it). */
export function findCached(home: string, indexes: readonly string[], name: string): Found | null {
  for (const source of indexes) {
    const p = readIndexCache(home, source)?.plugins.find((x) => x.name === name);
    if (p) return p;
  }
  return null;
}

/** What `plugin add` fetches for a found plugin: its source at its pin. */
export function pinnedSource(p: Found): string {
  if (!p.pin) throw new Error(`${p.name}: ${p.error ?? 'not pinned'} (botster-tui plugin search --update)`);
  const src = p.source.replace(/@[^/:@]*$/, '');
  return `${src}@${p.pin}`;
}
