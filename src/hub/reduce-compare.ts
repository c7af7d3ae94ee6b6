// The compare panel's view (hub state, per client): several agents' changes side by side, the
// selected column, where each column is scrolled. The documents (git's diffs, parsed) are facts
// held elsewhere, as the review panel's are.
import type { Intent } from './intents.js';
import type { CompareState, HubState } from './state.js';
import { changed, same, type Result } from './result.js';

function withCompare(s: HubState, compare: CompareState | null): HubState {
  return { ...s, client: { ...s.client, compare } };
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

/** The panel without an agent that went away (null: it had no other column). */
export function compareWithout(
  c: CompareState | null | undefined,
  agent: string,
): CompareState | null | undefined {
  if (!c) return c;
  const at = c.agents.indexOf(agent);
  if (at < 0) return c;
  const agents = c.agents.filter((_, i) => i !== at);
  if (agents.length === 0) return null;
  return {
    ...c,
    agents,
    tops: c.tops.filter((_, i) => i !== at),
    selected: clamp(c.selected > at ? c.selected - 1 : c.selected, 0, agents.length - 1),
  };
}

export function reduceCompare(s: HubState, i: Intent): Result | null {
  const c = s.client.compare ?? null;
  switch (i.type) {
    case 'compare_open': {
      if (i.agents.length === 0) return same(s);
      // The same agents again keep where they were scrolled.
      const tops = i.agents.map((a) => {
        const at = c && c.mode === i.mode ? c.agents.indexOf(a) : -1;
        return at >= 0 ? c!.tops[at] : 0;
      });
      return changed(
        withCompare(s, {
          agents: [...i.agents],
          selected: clamp(Math.trunc(i.selected), 0, i.agents.length - 1),
          tops,
          mode: i.mode,
        }),
      );
    }
    case 'compare_close':
      return c ? changed(withCompare(s, null)) : same(s);
    case 'compare_select': {
      if (!c) return same(s);
      const selected = clamp(Math.trunc(i.index), 0, c.agents.length - 1);
      return selected === c.selected ? same(s) : changed(withCompare(s, { ...c, selected }));
    }
    case 'compare_scroll': {
      if (!c) return same(s);
      const tops = c.tops.map((top, k) =>
        clamp(top + Math.trunc(i.lines[k] ?? 0), 0, Math.max(0, i.max[k] ?? top)),
      );
      return tops.every((t, k) => t === c.tops[k]) ? same(s) : changed(withCompare(s, { ...c, tops }));
    }
    default:
      return null;
  }
}
