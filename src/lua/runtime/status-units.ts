// Status adapters across Lua states: the configuration's, each live improvement's (each in its
// sandbox) and, while an improvement is reviewed, the one on trial. One list ordered by priority,
// where an adapter of a later state replaces one of the same name (an improvement may replace the
// shipped "claude" adapter); each is asked in the state that defined it.
import type { EngineUnit } from './engine-unit.js';

/** What the status adapters decided about an agent (see __botster.detect_status in lua/core/status.lua). */
export interface StatusVerdict {
  /** Absent only in an explain of no answer (then `tried` says who was asked). */
  state?: string;
  reason?: string | null;
  adapter?: string;
  rule?: string | null;
  lines?: string[];
  /** With explain: every adapter asked, in order, and its answer. */
  tried?: Array<{ adapter: string; state?: string | null; rule?: string | null; error?: string | null }>;
}

const counts = new WeakMap<EngineUnit, number>();

/**
 * How many adapters a state registered (they are registered when its files load). An improvement
 * that cannot say has none: its adapters are left out, the others are still asked.
 */
function adapterCount(unit: EngineUnit, budgetMs: number): number {
  let n = counts.get(unit);
  if (n === undefined) {
    try {
      const [c] = unit.call('adapter_count', [], { budgetMs });
      n = typeof c === 'number' ? c : 0;
    } catch (err) {
      if (!unit.owner) throw err;
      n = 0;
    }
    counts.set(unit, n);
  }
  return n;
}

const isVerdict = (v: unknown): v is StatusVerdict =>
  !!v && typeof v === 'object' && typeof (v as StatusVerdict).state === 'string';
const isTried = (v: unknown): v is StatusVerdict =>
  !!v && typeof v === 'object' && Array.isArray((v as StatusVerdict).tried);

/**
 * The first answer of the merged adapters. `units[0]` is the configuration: when no other state
 * has adapters (the usual case) it answers alone, in one call.
 */
export function detectAcross(
  units: EngineUnit[],
  agent: unknown,
  screen: unknown,
  explain: boolean,
  budgetMs: number,
): StatusVerdict | null {
  const [main, ...rest] = units;
  const others = rest.filter((u) => adapterCount(u, budgetMs) > 0);
  if (others.length === 0) {
    const [v] = main.call('detect_status', [agent, screen, explain], {
      budgetMs,
      functions: 'null',
    });
    return isVerdict(v) || (explain && isTried(v)) ? v : null;
  }
  const byName = new Map<string, { unit: EngineUnit; priority: number; order: number }>();
  let order = 0;
  for (const unit of [main, ...others]) {
    let list: unknown;
    try {
      [list] = unit.call('adapters_for', [agent], { budgetMs, functions: 'null' });
    } catch (err) {
      if (unit === main) throw err;
      continue; // an improvement's broken match() costs only its own adapters
    }
    for (const a of Array.isArray(list) ? list : []) {
      const { name, priority } = a as { name: string; priority: number };
      const had = byName.get(name);
      byName.set(name, { unit, priority: Number(priority) || 0, order: had ? had.order : order++ });
    }
  }
  // At equal priority the later-added first (yours before the shipped ones), as within one state.
  const ordered = [...byName.entries()].sort(
    (x, y) => x[1].priority - y[1].priority || y[1].order - x[1].order,
  );
  const tried: NonNullable<StatusVerdict['tried']> = [];
  for (const [name, { unit }] of ordered) {
    let v: unknown;
    try {
      [v] = unit.call('detect_with', [name, agent, screen], { budgetMs, functions: 'null' });
    } catch (err) {
      tried.push({ adapter: name, error: (err as Error).message });
      continue;
    }
    if (isVerdict(v))
      return explain
        ? { ...v, tried: [...tried, { adapter: name, state: v.state, rule: v.rule ?? null }] }
        : v;
    const e = v && typeof v === 'object' ? (v as { error?: string }).error : undefined;
    tried.push({ adapter: name, state: null, ...(e ? { error: e } : {}) });
  }
  return explain ? { tried } : null;
}
