import { realOr, within } from './box-paths.js';
import type { BoxProgram } from './box-program.js';
import type { BoxPlan } from './box-plan.js';

// What a bubblewrap box sees at a path, read from its plan (box-plan.ts), the one the box is made
// from: each mount over a place covers what an earlier one put there, so the last
// mount that covers a path decides whether it is there (a bind) or not (an empty folder, an empty
// file), and a path no mount covers is not there at all.

export interface Sight {
  seen: boolean;
  /** The place of the mount that decided (`/tmp`, `~/.ssh`), or null: none covers it. */
  by: string | null;
}

/** Whether the box of `plan` sees `p` as it is outside (absolute, links resolved by the caller). */
export function boxSees(plan: Pick<BoxPlan, 'mounts'>, p: string): Sight {
  let last: BoxPlan['mounts'][number] | null = null;
  for (const m of plan.mounts) if (within(p, m.at)) last = m;
  // (the same place bound over itself shows it; /dev/null bound over a file, an empty folder, hide it)
  return last
    ? { seen: last.kind === 'bind' && last.from === last.at, by: last.at }
    : { seen: false, by: null };
}

/**
 * Why the box of `plan` (bubblewrap's) cannot run `cli`: where its PATH finds it, or where that link
 * leads, is not there in the box (a folder it hides by its rules); null: it can.
 */
export function programUnseen(plan: Pick<BoxPlan, 'mounts'>, cli: BoxProgram): string | null {
  // (one further on its PATH that the box sees runs there instead)
  const seen = (p: string) => boxSees(plan, p).seen && boxSees(plan, realOr(p)).seen;
  if (cli.later.some(seen)) return null;
  for (const p of [cli.link, cli.real]) {
    const sight = boxSees(plan, p);
    if (sight.seen) continue;
    const what = cli.link === cli.real ? cli.link : `${cli.link} (a link to ${cli.real})`;
    const where = sight.by ? `${p} is inside ${sight.by}, which its box hides` : `its box does not see ${p}`;
    return `its box cannot run ${cli.name}, found on its PATH as ${what}: ${where} (docs/security.md#boxes); install ${cli.name} where the box sees it, or start it unboxed (--sandbox off)`;
  }
  return null;
}
