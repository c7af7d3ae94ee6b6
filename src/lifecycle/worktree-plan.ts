import type { WorktreePlan } from './agent-worktree.js';
import { expandTilde } from '../reload/paths.js';

/** A before_worktree_create payload (handlers may have changed it) back into a plan; wrong types keep what was planned. */
export function planFromPayload(p: unknown, plan: WorktreePlan): WorktreePlan {
  if (!p || typeof p !== 'object') return plan;
  const o = p as Record<string, unknown>;
  const text = (v: unknown, was: string | null): string | null =>
    typeof v === 'string' && v.trim() !== '' ? v.trim() : v === false ? null : was;
  const include = Array.isArray(o.include)
    ? o.include.filter((x): x is string => typeof x === 'string' && x.trim() !== '')
    : o.include === false
      ? []
      : plan.include;
  return {
    ...plan,
    branch: text(o.branch, plan.branch),
    base: text(o.base, plan.base),
    folder:
      typeof o.folder === 'string' && o.folder.trim() !== '' ? expandTilde(o.folder.trim()) : plan.folder,
    // nil (absent) or false: no setup
    setup: typeof o.setup === 'string' && o.setup.trim() !== '' ? o.setup : null,
    include,
  };
}
