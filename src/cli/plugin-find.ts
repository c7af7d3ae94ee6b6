// `botster-tui plugin search WORDS` and `plugin info NAME`: plugins of the indexes your Lua names
// (plugins.index), read from the home's cache (src/plugins/plugin-index.ts), and the installed
// ones; each with its card (what its code does) and its pin. `plugin add NAME` of a found one
// installs it at that pin.
import { pluginCard } from '../plugins/card-files.js';
import { cardText } from '../plugins/card.js';
import { pinText } from '../plugins/install.js';
import { livePath, readLock } from '../plugins/lock.js';
import { checkPluginName, readManifest } from '../plugins/manifest.js';
import {
  findCached,
  pinnedSource,
  readIndexCache,
  searchCached,
  updateIndex,
  type Found,
} from '../plugins/plugin-index.js';
import { printable } from '../terminal/printable.js';
import { EXIT } from '../wire/exit-codes.js';

export interface FindIo {
  out(s: string): void;
  err(s: string): void;
  /** The indexes the home's Lua names (plugins.index). */
  indexes(): Promise<string[]>;
  /** The caller is an agent: it reads the cache, never fetches into the home. */
  agent: boolean;
}

const NO_INDEX =
  'no plugin index: name one in your Lua, plugins.index("github:owner/repo") (docs/plugins.md#finding-plugins)';

function foundLines(p: Found): string[] {
  const head = `${p.name} ${p.version ?? ''}`.trim() + (p.description ? `: ${p.description}` : '');
  return [
    printable(head),
    `  from ${printable(p.source)}${p.pin ? ` @ ${printable(p.pin.slice(0, 12))}` : ''}  (index ${printable(p.index)})`,
    ...(p.error
      ? [`  cannot be read: ${printable(p.error)}`]
      : ['  what its code does:', ...(p.card ?? []).map((l) => `    ${printable(l)}`)]),
    `  add it: botster-tui plugin add ${p.name}`,
  ];
}

/** Each index fetched when asked (--update) or not cached yet; an agent never fetches. */
async function freshen(home: string, indexes: string[], update: boolean, io: FindIo): Promise<void> {
  for (const source of indexes) {
    if (!update && readIndexCache(home, source)) continue;
    if (io.agent) {
      io.err(`${source}: not fetched (an agent reads the cache only; the user runs plugin search --update)`);
      continue;
    }
    try {
      const c = await updateIndex(home, source);
      io.err(
        `${source}: ${c.plugins.length} plugin${c.plugins.length === 1 ? '' : 's'} at ${c.commit.slice(0, 7)}`,
      );
    } catch (err) {
      io.err(
        `${source}: ${(err as Error).message}${readIndexCache(home, source) ? ' (searching the cache)' : ''}`,
      );
    }
  }
}

export async function runSearch(
  home: string,
  words: string[],
  flags: { json?: boolean; update?: boolean },
  io: FindIo,
): Promise<number> {
  const indexes = await io.indexes();
  if (!indexes.length) {
    io.err(NO_INDEX);
    return EXIT.FAILED;
  }
  await freshen(home, indexes, Boolean(flags.update), io);
  const found = searchCached(home, indexes, words);
  if (flags.json) io.out(JSON.stringify(found, null, 2));
  else if (!found.length) io.out(`no plugin matches ${words.join(' ') || '(anything)'}`);
  else for (const p of found) for (const l of foundLines(p)) io.out(l);
  return EXIT.OK;
}

export async function runInfo(
  home: string,
  name: string,
  flags: { json?: boolean },
  io: FindIo,
): Promise<number> {
  const e = readLock(home).plugins[name];
  if (e) {
    const dir = livePath(home, name);
    let info: Record<string, unknown>;
    try {
      const m = readManifest(dir);
      const card = pluginCard(dir, m, e.granted);
      info = {
        name,
        version: m.version,
        description: m.description,
        source: e.source,
        pin: e.commit ?? e.version,
        installed: true,
        enabled: e.enabled,
        wants: e.wants,
        granted: e.granted,
        card: cardText(card),
        card_lines: card.lines,
      };
    } catch (err) {
      info = {
        name,
        version: e.version,
        source: e.source,
        pin: e.commit ?? e.version,
        installed: false,
        error: (err as Error).message,
      };
    }
    if (flags.json) io.out(JSON.stringify(info, null, 2));
    else {
      io.out(printable(`${name} ${pinText(e)}${info.description ? `: ${info.description as string}` : ''}`));
      io.out(
        `  installed from ${printable(e.source)}, ${e.enabled ? 'enabled' : 'disabled'}, granted ${e.granted.join(', ') || 'nothing'}`,
      );
      if (info.error)
        io.out(`  its copy: ${printable(info.error as string)} (botster-tui plugin restore ${name})`);
      else
        for (const l of ['what its code does:', ...(info.card as string[]).map((x) => `  ${x}`)])
          io.out(`  ${printable(l)}`);
    }
    return EXIT.OK;
  }
  const indexes = await io.indexes();
  await freshen(home, indexes, false, io);
  const p = findCached(home, indexes, name);
  if (!p) {
    io.err(
      `no plugin named ${name} installed${indexes.length ? ' or in your indexes (botster-tui plugin search)' : ` (${NO_INDEX})`}`,
    );
    return EXIT.FAILED;
  }
  if (flags.json) io.out(JSON.stringify({ ...p, installed: false }, null, 2));
  else for (const l of foundLines(p)) io.out(l);
  return EXIT.OK;
}

/**
 * What `plugin add TEXT` fetches: a plugin's name is looked up in the indexes' cache and added at
 * its pin (as npm's `install foo` is the registry's, a folder of that name is `./foo`); a name no
 * index lists, and anything else, is the source as typed.
 */
export async function addSource(
  home: string,
  text: string,
  indexes: () => Promise<string[]>,
): Promise<string> {
  if (checkPluginName(text)) return text;
  const p = findCached(home, await indexes(), text);
  return p ? pinnedSource(p) : text;
}
