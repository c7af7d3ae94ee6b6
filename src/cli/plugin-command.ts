// `botster-tui plugin add|ls|update|restore|remove|enable|disable|grant|revoke|new`: the home's
// plugins (src/plugins/), changed here and picked up by a running hub through its watcher (the lock
// and the copies are in the home). Grants are the user's: asked in a terminal (a word typed, not a
// stray Enter), or said with --grant; never from an agent inside the hub.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline/promises';
import { CAPABILITY_NAMES, capabilityText, isCapability, type Capability } from '../hub/capabilities.js';
import {
  addPlugin,
  changeEntry,
  pinText,
  removePlugin,
  restorePlugins,
  updatePlugin,
} from '../plugins/install.js';
import type { PluginIo } from '../plugins/install.js';
import { livePath, pinOf, readLock, readPin, type LockEntry } from '../plugins/lock.js';
import { checkPluginName, readManifest, type PluginManifest } from '../plugins/manifest.js';
import { EXIT } from '../wire/exit-codes.js';
import { parseSource } from '../plugins/sources.js';
import { scaffoldPlugin } from './plugin-scaffold.js';
import { addSource, runInfo, runSearch } from './plugin-find.js';
import { newFromImprovement } from './plugin-from-improvement.js';
import { shellWord } from './shell-quote.js';
import { PLUGIN_USAGE } from './help/help-plugin.js';
import { shownLine } from './terminal-out.js';
import { printable } from '../terminal/printable.js';
import { askInHub, because, inAgent, refuseAgent, type PluginCliIo } from './plugin-cli-io.js';

export type { PluginCliIo } from './plugin-cli-io.js';

export interface PluginFlags {
  grant?: string;
  /** new --from improvement IMP */
  from?: string;
  json?: boolean;
  /** search: fetch the indexes again. */
  update?: boolean;
}

/** `--grant keys,pieces` or `--grant all` (all it asks for). */
function parseGrant(text: string, asking: Capability[]): Capability[] {
  if (text.trim() === 'all') return asking;
  const list = text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = list.find((c) => !isCapability(c));
  if (bad) throw new Error(`--grant: unknown capability "${bad}" (known: ${CAPABILITY_NAMES.join(', ')})`);
  return list as Capability[];
}

function describe(m: PluginManifest, asking: Capability[], card: string[] = []): string[] {
  return [
    `${m.name} ${m.version}${m.description ? `: ${m.description}` : ''}`,
    ...(m.provides.length ? [`  provides: ${m.provides.join('; ')}`] : []),
    ...asking.map((c) => `  ${c.padEnd(10)} ${capabilityText(c, m)}`),
    // What its code does (card.ts), its names as printable text (they come from its files).
    ...(card.length ? ['  what its code does:', ...card.map((l) => `    ${printable(l)}`)] : []),
  ];
}

/** An update whose card grew: shown, and let go live only by the user's word (--grant, or "yes" typed). */
function grownIo(io: PluginCliIo, flags: PluginFlags): NonNullable<PluginIo['grown']> {
  return async (m, grown) => {
    const agent = await inAgent(io);
    if (agent)
      throw new Error(
        `${m.name} ${m.version} does more than before: an agent cannot accept that${because(agent)}`,
      );
    io.err(`Updating ${m.name} ${m.version}: it does more than the version you have:`);
    for (const l of grown) io.err(`    ${printable(l)}`);
    if (flags.grant !== undefined) return true;
    if (!io.ask) return false;
    const answer = await io.ask('Type "yes" to let it go live, or nothing to keep the version you have: ');
    return answer.trim().toLowerCase() === 'yes';
  };
}

function grantIo(io: PluginCliIo, flags: PluginFlags): PluginIo['grant'] {
  return async (m, asking, why, card) => {
    if (asking.length === 0) return [];
    const agent = await inAgent(io);
    if (agent)
      throw new Error(
        `${m.name} asks for ${asking.join(', ')}: an agent cannot grant a plugin's capabilities, only the user can (outside the hub's agents)${because(agent)}`,
      );
    if (flags.grant !== undefined) {
      const granted = parseGrant(flags.grant, asking);
      for (const line of describe(m, asking, card)) io.err(line);
      return granted;
    }
    if (!io.ask)
      throw new Error(
        `${m.name} asks for ${asking.join(', ')}: say what you grant with --grant ${asking.join(',')} (or run this in a terminal to be asked)`,
      );
    io.err(`${why === 'add' ? 'Adding' : 'Updating'} ${describe(m, asking, card).join('\n')}`);
    const answer = (
      await io.ask(
        `Type "grant" to grant ${asking.length > 1 ? 'all of these' : 'it'}, some names to grant those, or nothing to stop: `,
      )
    )
      .trim()
      .toLowerCase();
    if (answer === 'grant') return asking;
    if (!answer) throw new Error(`nothing granted: ${m.name} was not ${why === 'add' ? 'added' : 'updated'}`);
    return parseGrant(answer, asking);
  };
}

/**
 * What the hub makes of a plugin: disabled, missing, off (why: its copy is not the lock's, or its
 * Lua does not load with what it was granted, as the hub would load it) or on. The lock alone
 * said "on" for a plugin the hub had switched off after a syntax error.
 */
async function stateOf(
  e: LockEntry,
  home: string,
  io: PluginCliIo,
): Promise<{ state: string; off?: string }> {
  if (!e.enabled) return { state: 'disabled' };
  const dir = livePath(home, e.name);
  if (!fs.existsSync(dir)) return { state: 'missing' };
  if (e.kind !== 'folder' && readPin(dir) !== pinOf(e))
    return { state: 'off', off: `not the version the lock pins (botster-tui plugin restore ${e.name})` };
  try {
    await io.check(dir, readManifest(dir), e.granted);
  } catch (err) {
    return { state: 'off', off: (err as Error).message };
  }
  return { state: 'on' };
}

function line(e: LockEntry, s: { state: string; off?: string }): string {
  const ungranted = e.wants.filter((c) => !e.granted.includes(c));
  const head = `${printable(e.name).padEnd(16)} ${printable(pinText(e)).padEnd(22)} ${s.state.padEnd(8)} ${printable(e.granted.join(',')) || '-'}${ungranted.length ? ` (not granted: ${printable(ungranted.join(','))})` : ''}  ${printable(e.source)}`;
  return s.off ? `${head}\n${' '.repeat(17)}off: ${printable(s.off)}` : head;
}

const indexesOf = (io: PluginCliIo) => async () => (io.indexes ? io.indexes() : []);

/** Splits NAME@REF (a name has no @). */
function nameRef(arg: string): [string, string | undefined] {
  const at = arg.indexOf('@');
  return at > 0 ? [arg.slice(0, at), arg.slice(at + 1)] : [arg, undefined];
}

export async function runPlugin(
  home: string,
  args: string[],
  flags: PluginFlags,
  io: PluginCliIo,
): Promise<number> {
  const [sub, ...rest] = args;
  const pio: PluginIo = { grant: grantIo(io, flags), grown: grownIo(io, flags), check: io.check };
  try {
    switch (sub) {
      case 'search':
      case 'info': {
        if (sub === 'info' && rest.length !== 1) break;
        const agent = await inAgent(io);
        const fio = { out: io.out, err: io.err, indexes: indexesOf(io), agent: Boolean(agent) };
        return sub === 'search'
          ? await runSearch(home, rest, flags, fio)
          : await runInfo(home, rest[0], flags, fio);
      }
      case 'add': {
        if (rest.length !== 1) break;
        // A name found by plugin search: its source at its pin.
        const source = await addSource(home, rest[0], indexesOf(io));
        const agent = await inAgent(io);
        if (agent)
          return await askInHub(
            io,
            { action: 'add', source },
            'an agent cannot add plugins: the user does (an agent proposes Lua with botster-tui push, which your policy reviews)',
            agent,
          );
        const e = await addPlugin(home, source, io.cwd, pio);
        io.out(`added ${e.name} ${pinText(e)}${e.granted.length ? `, granted ${e.granted.join(', ')}` : ''}`);
        return EXIT.OK;
      }
      case 'install': {
        // What settings.plugins lists and the lock does not have yet, each shown and granted.
        if (rest.length) break;
        const agent = await inAgent(io);
        if (agent) throw new Error(`an agent cannot add plugins: the user does${because(agent)}`);
        const have = Object.values(readLock(home).plugins).map((e) => e.source);
        const wanted = await io.declared();
        const missing = wanted.filter((s) => {
          try {
            return !have.includes(parseSource(s, io.cwd).location);
          } catch {
            return true;
          }
        });
        if (!wanted.length) io.out('settings.plugins lists no plugins');
        else if (!missing.length) io.out(`all ${wanted.length} of settings.plugins are installed`);
        let failed = false;
        for (const source of missing) {
          try {
            const e = await addPlugin(home, source, io.cwd, pio);
            io.out(
              `added ${e.name} ${pinText(e)}${e.granted.length ? `, granted ${e.granted.join(', ')}` : ''}`,
            );
          } catch (err) {
            failed = true;
            io.err(`${source}: ${(err as Error).message}`);
          }
        }
        return failed ? EXIT.FAILED : EXIT.OK;
      }
      case 'ls':
      case 'list': {
        const list = Object.values(readLock(home).plugins);
        const states = await Promise.all(list.map((e) => stateOf(e, home, io)));
        if (flags.json)
          io.out(
            JSON.stringify(
              list.map((e, i) => ({ ...e, ...states[i] })),
              null,
              2,
            ),
          );
        else if (list.length === 0) io.out('no plugins (botster-tui plugin add SOURCE)');
        else list.forEach((e, i) => io.out(line(e, states[i])));
        return EXIT.OK;
      }
      case 'update': {
        const agent = await inAgent(io);
        if (agent) throw new Error(`an agent cannot update plugins: the user does${because(agent)}`);
        const names = rest.length ? rest : Object.keys(readLock(home).plugins);
        let failed = false;
        for (const arg of names) {
          const [name, ref] = nameRef(arg);
          try {
            io.out(await updatePlugin(home, name, ref, pio));
          } catch (err) {
            failed = true;
            io.err((err as Error).message);
          }
        }
        return failed ? EXIT.FAILED : EXIT.OK;
      }
      case 'restore':
        await refuseAgent(io, 'restore plugins');
        for (const l of await restorePlugins(home, rest, pio)) io.out(l);
        return EXIT.OK;
      case 'remove':
      case 'rm':
        if (rest.length !== 1) break;
        await refuseAgent(io, 'remove plugins');
        io.out(removePlugin(home, rest[0]));
        return EXIT.OK;
      case 'enable':
      case 'disable': {
        if (rest.length !== 1) break;
        const on = sub === 'enable';
        if (!on) await refuseAgent(io, 'disable plugins');
        const agent = on ? await inAgent(io) : null;
        if (agent)
          return await askInHub(
            io,
            { action: 'enable', name: rest[0] },
            'an agent cannot enable plugins: the user does',
            agent,
          );
        changeEntry(home, rest[0], (e) => ({ ...e, enabled: on }));
        io.out(`${rest[0]} ${on ? 'enabled' : 'disabled'}`);
        return EXIT.OK;
      }
      case 'grant':
      case 'revoke': {
        if (rest.length < 2) break;
        const [name, ...caps] = rest;
        const list = parseGrant(caps.join(','), []);
        if (sub === 'revoke') await refuseAgent(io, "revoke a plugin's capabilities");
        const agent = sub === 'grant' ? await inAgent(io) : null;
        if (agent)
          return await askInHub(
            io,
            { action: 'grant', name, caps: list.join(',') },
            "an agent cannot grant a plugin's capabilities: the user does",
            agent,
          );
        const e = changeEntry(home, name, (x) => {
          if (sub === 'revoke') return { ...x, granted: x.granted.filter((c) => !list.includes(c)) };
          const extra = list.filter((c) => !x.wants.includes(c));
          if (extra.length) throw new Error(`${name} does not ask for ${extra.join(', ')}`);
          return { ...x, granted: [...new Set([...x.granted, ...list])] };
        });
        io.out(`${name}: granted ${e.granted.join(', ') || 'nothing'}`);
        return EXIT.OK;
      }
      case 'new': {
        if (flags.from !== undefined) {
          if (rest.length < 2 || rest.length > 3) break;
          return await newFromImprovement(home, rest, flags.from, io);
        }
        if (rest.length < 1 || rest.length > 2) break;
        const bad = checkPluginName(rest[0]);
        if (bad) throw new Error(bad);
        const dir = path.resolve(io.cwd, rest[1] ?? rest[0]);
        for (const f of scaffoldPlugin(rest[0], dir)) io.out(`wrote ${f}`);
        io.out(
          `try it: botster-tui plugin add ${shellWord(dir)} --grant all, then botster-tui test ${shellWord(dir)}`,
        );
        return EXIT.OK;
      }
      case 'check': {
        if (rest.length !== 1) break;
        const dir = path.resolve(io.cwd, rest[0]);
        const m = readManifest(dir);
        await io.check(dir, m, m.capabilities);
        io.out(
          `${m.name} ${m.version} loads (with every capability it asks for: ${m.capabilities.join(', ') || 'none'})`,
        );
        return EXIT.OK;
      }
    }
  } catch (err) {
    io.err((err as Error).message);
    return EXIT.FAILED;
  }
  io.err(`usage: botster-tui ${PLUGIN_USAGE}`);
  return EXIT.USAGE;
}

/** A question in the user's terminal, when there is one. */
export function terminalAsk(): ((q: string) => Promise<string>) | undefined {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  return async (q) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(shownLine(q)); // (a plugin's name and words come from its files)
    } finally {
      rl.close();
    }
  };
}
