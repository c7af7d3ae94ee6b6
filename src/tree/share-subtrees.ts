import type { WidgetNode } from './types.js';

/**
 * `next` with every subtree that equals the same place in `prev` replaced by `prev`'s own object.
 * Lua's tree arrives as a new object every render: with the unchanged parts kept as they were,
 * the renderer redraws only what changed (a mode key changes the status bar, not the 100 rows of
 * the agent list).
 */
export function shareSubtrees(prev: WidgetNode | null, next: WidgetNode): WidgetNode {
  if (!prev || prev === next) return prev ?? next;
  if (prev.type !== next.type) return next;
  if (!('children' in next) || !('children' in prev)) return same(prev, next) ? prev : next;
  const children = next.children.map((c, i) => shareSubtrees(prev.children[i] ?? null, c));
  const kept = children.length === prev.children.length && children.every((c, i) => c === prev.children[i]);
  const { children: _a, ...restPrev } = prev;
  const { children: _b, ...restNext } = next;
  if (kept && same(restPrev, restNext)) return prev;
  return { ...next, children } as WidgetNode;
}

/** Deep equality of plain data (what a validated tree is made of). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka)
    if (
      !Object.prototype.hasOwnProperty.call(b, k) ||
      !same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])
    )
      return false;
  return true;
}
