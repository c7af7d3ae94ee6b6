import type { VerbCall } from './verb.js';
import type { ControlDeps } from './ports.js';

// What an agent sees of another is what it may read: an agent's `reason` is the question line on
// its screen and its title is what its program printed, so an agent that may not read that agent
// (verbs/drive.ts) gets neither from `agents`, `status`, `wait` or `events`.

/** Whether the caller may read agent `id`'s screen and what is derived from it; asked once per call. */
export async function readable(
  deps: Pick<ControlDeps, 'drive'>,
  call: VerbCall,
): Promise<(id: string) => boolean> {
  const p = await call.who();
  if (p.kind !== 'agent') return () => true;
  return (id) => deps.drive.may(p.id, id);
}

/** `row` without what its screen said (its reason, its title, where it has them), when the caller may not read agent `id`. */
export function withheld<T extends object>(row: T, id: string, reads: (id: string) => boolean): T {
  if (reads(id)) return row;
  const out = { ...row } as Record<string, unknown>;
  for (const k of ['reason', 'title']) if (k in out) out[k] = null;
  out.withheld = 'what its screen says (reason, title): you may not read this agent';
  return out as T;
}
