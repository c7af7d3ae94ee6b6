// A capability card: what a plugin or an improvement can do, in plain words, read from its Lua
// (literal program names, URLs, paths, keys, agent verbs, routes) and held against what it was
// granted. The same card is shown wherever it asks: the hub's dialog, the web page, `plugin info`,
// the MCP answer. A pure function: its caller reads the files (card-files.ts).
import { agentRequests } from './agent-requests.js';

/** What it may reach outside the hub: a plugin's granted capabilities with its manifest's lists, or an improvement's grant. */
export interface CardGrants {
  /** Capabilities granted (plugin: "run", "net", "files", "web", "keys", "send", "spawn"...); absent: judged by `run`/`net`/`git` below. */
  capabilities?: readonly string[];
  /** Programs process.run may start (a plugin manifest's `commands`, an improvement grant's `run`). */
  run?: readonly string[];
  /** Hosts http may reach (a manifest's `hosts`, a grant's `net`). */
  net?: readonly string[];
}

export type CardKind = 'programs' | 'network' | 'files' | 'keys' | 'agents' | 'web';

export interface CardLine {
  kind: CardKind;
  /** What the code names (a program, a host, a path, a key, a verb, a route); "a ... named at run time" when not literal. */
  items: string[];
  /** Whether its grants let it do this at all (false: the code tries, the hub refuses). */
  allowed: boolean;
  /** The line in plain words. */
  text: string;
}

export interface Card {
  lines: CardLine[];
}

/** Files as the card reads them: path (inside the plugin, or improvements/NAME.lua) -> Lua text. */
export type CardFiles = Record<string, string>;

const RUNTIME = {
  programs: 'a program named at run time',
  network: 'a host named at run time',
  files: 'a file named at run time',
  keys: 'a key named at run time',
  web: 'a route named at run time',
} as const;

// Lua comments out, strings kept (a `-- process.run` in a comment is not a call).
function code(text: string): string {
  return text.replace(/--\[(=*)\[[\s\S]*?\]\1\]/g, '').replace(/--[^\n]*/g, '');
}

const STR = `(?:"((?:[^"\\\\\\n]|\\\\.)*)"|'((?:[^'\\\\\\n]|\\\\.)*)')`;
const lit = (m: RegExpMatchArray, at: number): string | undefined => m[at] ?? m[at + 1];

/** The text of each call `name(...)` or `name{...}` (to its closing bracket, strings minded). */
function calls(src: string, name: RegExp): string[] {
  const out: string[] = [];
  const re = new RegExp(`${name.source}\\s*([({])`, 'g');
  for (const m of src.matchAll(re)) {
    const open = m.index! + m[0].length - 1;
    let depth = 0;
    let i = open;
    let quote = '';
    for (; i < src.length; i++) {
      const c = src[i];
      if (quote) {
        if (c === '\\') i++;
        else if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '(' || c === '{') depth++;
      else if (c === ')' || c === '}') {
        if (--depth === 0) break;
      }
    }
    out.push(src.slice(open + 1, i));
  }
  return out;
}

/** The literal first argument of a call, or a field `key = "..."` of its table; undefined: not literal. */
function firstArg(args: string, key?: string): string | undefined {
  if (key) {
    const f = args.match(new RegExp(`\\b${key}\\s*=\\s*${STR}`));
    if (f) return lit(f, 1);
    if (new RegExp(`\\b${key}\\s*=`).test(args)) return undefined;
  }
  const a = args.match(new RegExp(`^\\s*${STR}`));
  return a ? lit(a, 1) : undefined;
}

function nthArg(args: string, n: number): string | undefined {
  const re = new RegExp(`^\\s*${STR}\\s*,`);
  let rest = args;
  for (let i = 0; i < n; i++) {
    const m = rest.match(re);
    if (!m) return undefined;
    rest = rest.slice(m[0].length);
  }
  const m = rest.match(new RegExp(`^\\s*${STR}`));
  return m ? lit(m, 1) : undefined;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
}

const uniq = (xs: string[]) => [...new Set(xs)];

/** Each literal (or "named at run time") target of calls matching `name`. */
function targets(
  srcs: string[],
  name: RegExp,
  pick: (args: string) => string | undefined,
  runtime: string,
): string[] {
  const found: string[] = [];
  for (const s of srcs) for (const args of calls(s, name)) found.push(pick(args) ?? runtime);
  // The literal ones first, "named at run time" once, last.
  const named = uniq(found.filter((x) => x !== runtime)).sort();
  return found.includes(runtime) ? [...named, runtime] : named;
}

const has = (g: CardGrants, cap: string, listed?: readonly string[]) =>
  g.capabilities ? g.capabilities.includes(cap) : Boolean(listed?.length);

/**
 * The card of a plugin's or an improvement's Lua files, held against its grants: one line for
 * each thing it does (nothing it does not), in the order programs, network, files, keys, agents, web.
 */
export function cardOf(files: CardFiles, grants: CardGrants): Card {
  const srcs = Object.keys(files)
    .filter((f) => f.endsWith('.lua'))
    .sort()
    .map((f) => code(files[f]));
  const lines: CardLine[] = [];
  const add = (kind: CardKind, items: string[], allowed: boolean, text: string) => {
    if (items.length) lines.push({ kind, items, allowed, text });
  };

  const programs = uniq([
    ...targets(srcs, /\bprocess\s*\.\s*run/, (a) => firstArg(a, 'cmd'), RUNTIME.programs),
    ...targets(srcs, /\bapp\s*:\s*spawn/, (a) => firstArg(a, 'command'), RUNTIME.programs),
  ]);
  const runOk = has(grants, 'run', grants.run);
  const allowedRun = grants.run ?? [];
  add(
    'programs',
    programs,
    runOk,
    `runs programs: ${programs.join(', ')}${runOk ? (allowedRun.length ? ` (allowed: ${allowedRun.join(', ')})` : '') : ' (not granted: the hub refuses)'}`,
  );

  const hosts = uniq([
    ...targets(
      srcs,
      /\bhttp\s*\.\s*(?:request|get|post)/,
      (a) => {
        const u = firstArg(a, 'url');
        return u === undefined ? undefined : (hostOf(u) ?? RUNTIME.network);
      },
      RUNTIME.network,
    ),
  ]);
  const netOk = has(grants, 'net', grants.net);
  add(
    'network',
    hosts,
    netOk,
    `reaches the network: ${hosts.join(', ')}${netOk ? (grants.net?.length ? ` (allowed: ${grants.net.join(', ')})` : '') : ' (not granted: the hub refuses)'}`,
  );

  const reads = targets(
    srcs,
    /\bfiles\s*\.\s*(?:glob|read_line|json_line|which|carry)/,
    (a) => firstArg(a),
    RUNTIME.files,
  );
  const gits = targets(
    srcs,
    /\bgit\s*\.\s*(?:status|branch|log|diff_stat|remote_url)/,
    (a) => firstArg(a),
    'a folder named at run time',
  );
  const filesOk = grants.capabilities ? grants.capabilities.includes('files') : true;
  add(
    'files',
    reads,
    filesOk,
    `reads files: ${reads.join(', ')}${filesOk ? '' : ' (not granted: the hub refuses)'}`,
  );
  if (gits.length)
    lines.push({
      kind: 'files',
      items: gits,
      allowed: grants.capabilities ? grants.capabilities.includes('git') : true,
      text: `reads git facts of: ${gits.join(', ')}`,
    });

  const keys = targets(
    srcs,
    /\bkeys\s*\.\s*bind/,
    (a) => {
      const mode = firstArg(a);
      const key = nthArg(a, 1);
      return mode && key ? `${key} (${mode})` : undefined;
    },
    RUNTIME.keys,
  );
  add('keys', keys, has(grants, 'keys', ['keys']), `binds keys: ${keys.join(', ')}`);

  const verbs = agentRequests(srcs.join('\n'));
  add(
    'agents',
    verbs,
    true,
    `drives agents: ${verbs.join(', ')} (only the agents its owner may: those it started, or yours when you say so)`,
  );

  const routes = targets(srcs, /\broutes\s*\.\s*(?:get|post)/, (a) => firstArg(a), RUNTIME.web);
  const webOk = grants.capabilities ? grants.capabilities.includes('web') : false;
  add(
    'web',
    routes,
    webOk,
    `adds web routes: ${routes.join(', ')}${webOk ? '' : ' (not granted: the hub refuses)'}`,
  );
  return { lines };
}

/** The card as lines of text (nothing it does: one line that says so). */
export function cardText(card: Card): string[] {
  return card.lines.length
    ? card.lines.map((l) => l.text)
    : ['runs no program, reaches no network, reads no file, binds no key, drives no agent'];
}

/** What `after` does that `before` did not (a new program, host, path, key, verb or route): an update that grows asks again. */
export function cardGrowth(before: Card, after: Card): CardLine[] {
  const had = new Set(before.lines.flatMap((l) => l.items.map((i) => `${l.kind}\0${i}`)));
  const out: CardLine[] = [];
  for (const l of after.lines) {
    const items = l.items.filter((i) => !had.has(`${l.kind}\0${i}`));
    if (items.length) out.push({ ...l, items, text: `${l.text.split(':')[0]}: ${items.join(', ')} (new)` });
  }
  return out;
}
