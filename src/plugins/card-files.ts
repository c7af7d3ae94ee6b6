// The files a card is read from: a plugin's Lua (its folder, .git and node_modules left out), with
// its manifest's lists as the grants (cardOf in card.ts is the pure part).
import fs from 'node:fs';
import path from 'node:path';
import { cardOf, type Card, type CardFiles } from './card.js';
import type { PluginManifest } from './manifest.js';

const MAX_FILES = 500;
const MAX_DEPTH = 12;

/** The .lua files under `dir`, by their path inside it. */
export function luaFiles(dir: string): CardFiles {
  const out: CardFiles = {};
  let n = 0;
  const walk = (d: string, rel: string, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    let names: string[];
    try {
      names = fs.readdirSync(d).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (name === '.git' || name === 'node_modules' || n >= MAX_FILES) continue;
      const p = path.join(d, name);
      const r = rel ? `${rel}/${name}` : name;
      let st: fs.Stats;
      try {
        st = fs.statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(p, r, depth + 1);
      else if (st.isFile() && name.endsWith('.lua')) {
        n++;
        out[r] = fs.readFileSync(p, 'utf8');
      }
    }
  };
  walk(dir, '', 0);
  return out;
}

/** A plugin's card: its Lua against what it asks for (or, given, what the user granted) and its manifest's hosts and commands. */
export function pluginCard(dir: string, m: PluginManifest, granted?: readonly string[]): Card {
  return cardOf(luaFiles(dir), { capabilities: granted ?? m.capabilities, run: m.commands, net: m.hosts });
}

/**
 * An improvement's card: its file against what the policy granted it (`granted`: "http",
 * "process", "git"; with hosts and commands). It gets no files and no routes.
 */
export function improvementCard(
  name: string,
  source: string,
  grant?: { granted: readonly string[]; hosts: readonly string[]; commands: readonly string[] },
): Card {
  const g = grant?.granted ?? [];
  const capabilities = [
    'keys',
    ...(g.includes('process') ? ['run'] : []),
    ...(g.includes('http') ? ['net'] : []),
    ...(g.includes('git') ? ['git'] : []),
  ];
  return cardOf(
    { [`improvements/${name}.lua`]: source },
    { capabilities, run: grant?.commands ?? [], net: grant?.hosts ?? [] },
  );
}
