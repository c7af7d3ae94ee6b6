// Agents' names: unique among the listed agents, never the hub's, never another agent's number
// (docs/security.md, "no agent's name can be another's or the hub's"). Pure: AgentManager holds the
// agents and applies these rules wherever a name is set (spawn, adopt, rename).

import { printable } from '../terminal/printable.js';

/** The longest name kept (characters). */
export const NAME_MAX = 200;

/** Names that read as the hub itself, compared without case, spaces or punctuation. */
const RESERVED = new Set(['hub', 'thehub', 'botster', 'botstertui', 'botsterhub']);

// C0, DEL, C1; and what reorders or hides text on a terminal (bidi controls, zero-width marks).
const CONTROL = /[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;
const CONTROLS = new RegExp(CONTROL.source, 'g');
/** `(id`, as the hub names agents: `NAME (id N)`. */
const SAYS_ID = /\(\s*id\b/i;

/** A name as set by a caller: control characters refused (the reason), spaces at its ends trimmed. */
export function cleanName(raw: string): { name: string; problem?: string } {
  const name = raw.trim().slice(0, NAME_MAX);
  if (CONTROL.test(name)) return { name: stripName(name), problem: 'a name cannot hold control characters' };
  return { name };
}

/** A name with escape sequences and control characters taken out (one that comes from a file or a program: kept, made printable). */
export function stripName(raw: string): string {
  return printable(raw).replace(CONTROLS, '').trim().slice(0, NAME_MAX);
}

/** Whether `name` reads as the hub's own ("hub", "The hub", "botster-tui", ...). */
export function reservedName(name: string): boolean {
  return RESERVED.has(
    name
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]/gu, ''),
  );
}

/** The key names are compared by: two names that differ only in case are the same name. */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase();
}

export interface NamedAgent {
  id: string;
  name: string;
}

/**
 * Why agent `id` cannot be called `name` among `others` (every listed agent; its own entry is
 * skipped), or null: it can. `taken` is set when only another agent's holding it is the problem.
 */
export function nameProblem(
  name: string,
  id: string,
  others: readonly NamedAgent[],
): { why: string; taken?: NamedAgent } | null {
  if (name === '') return { why: 'a name cannot be empty' };
  if (reservedName(name)) return { why: `"${name}" is the hub's name: an agent cannot go by it` };
  if (/^(id:)?\d+$/i.test(name) && name.replace(/^id:/i, '').replace(/^0+(?=\d)/, '') !== id)
    return { why: `"${name}" is a number: a number names the agent with that id, never another` };
  // The hub names agents as `NAME (id N)`: a name that says an id would read as another agent's.
  if (SAYS_ID.test(name)) return { why: `"${name}" says an id: the hub gives agents their ids` };
  const key = nameKey(name);
  const taken = others.find((a) => a.id !== id && nameKey(a.name) === key);
  if (taken) return { why: `"${name}" is taken by agent ${taken.name} (id ${taken.id})`, taken };
  return null;
}

/**
 * The name agent `id` gets when `wanted` cannot be refused (a default or derived name, a profile's,
 * a restore, Lua's spawn): `wanted` made printable, else `fallback`, with `-2`, `-3`... after it
 * when it is taken, the hub's or another's number.
 */
export function freeName(
  wanted: string,
  id: string,
  others: readonly NamedAgent[],
  fallback = 'agent',
): string {
  // (what a suffix cannot mend is taken out: an id it says)
  const base = stripName(stripName(wanted).replace(new RegExp(SAYS_ID.source, 'gi'), '(')) || fallback;
  if (!nameProblem(base, id, others)) return base;
  for (let n = 2; n < 100_000; n++) {
    const next = `${base}-${n}`;
    if (!nameProblem(next, id, others)) return next;
  }
  return `${fallback}-${id}`;
}
