// Which agents a value the hub hands to Lua names (an event's payload, a verb's answer): what that
// Lua says or opens next may quote their screens (a reason, a title, a search hit's line), so it
// carries them (`about`, hub/readable-state.ts). Any `id`, `agent`, `agent_id`, `from` or `to`
// that is an agent's id counts, however deep: naming one too many only hides more from an agent.

const KEYS = ['id', 'agent', 'agent_id', 'from', 'to'];
const MAX_NODES = 20000;

/** The agents (ids `known` accepts) `value` names, in the order met; `also` first. */
export function quotedAgents(
  value: unknown,
  known: (id: string) => boolean,
  also: readonly string[] = [],
): string[] {
  const out = new Set(also);
  let budget = MAX_NODES;
  const walk = (v: unknown, depth: number): void => {
    if (!v || typeof v !== 'object' || depth > 8 || budget-- <= 0) return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    const o = v as Record<string, unknown>;
    for (const k of KEYS) {
      const x = o[k];
      if (typeof x === 'string' && known(x)) out.add(x);
    }
    for (const k in o) walk(o[k], depth + 1);
  };
  walk(value, 0);
  return [...out];
}

// What is too short to tell a quote from a coincidence ("y/n", a title that is a program's name).
const MIN_QUOTE = 12;

/**
 * The agents among `ids` whose screen's words (its state's reason, its title) `text` holds as
 * they are: a backstop for text Lua made from `self` without saying whom it quotes (`about`).
 */
export function agentsQuotedIn(
  s: {
    agentStates: Record<string, { reason?: string | null } | undefined>;
    facts: { agents: Record<string, { title?: string } | undefined> };
  },
  text: string,
  ids: Iterable<string>,
): string[] {
  const out: string[] = [];
  for (const id of ids) {
    const words = [s.agentStates[id]?.reason, s.facts.agents[id]?.title];
    if (words.some((w) => typeof w === 'string' && w.trim().length >= MIN_QUOTE && text.includes(w.trim())))
      out.push(id);
  }
  return out;
}
