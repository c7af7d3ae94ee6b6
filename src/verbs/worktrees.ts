import { ControlError } from '../wire/control-request.js';
import { forgetMade, madeWorktrees } from '../lifecycle/wt-made.js';
import { holderOf, recordedOccupants, type Occupant } from '../lifecycle/wt-holders.js';
import { prunePlan, type PruneItem } from '../lifecycle/wt-prune-plan.js';
import { runPrune } from '../lifecycle/wt-prune-run.js';
import { sizeText } from '../lifecycle/wt-folder-bytes.js';
import type { ControlDeps } from './ports.js';
import { defineVerb } from './verb.js';
import { bool, int, list, nullable, obj, oneOf, str } from './shape.js';

// `worktrees [prune] [--dry-run] [--park]`: the worktrees of the repositories the hub made worktrees
// in, and what a prune does with each (docs/worktrees.md#prune). Only a worktree the hub made, in its
// base by content, clean and held by no agent is removed; a dirty one is parked first when asked;
// the branches stay; everything else is kept and says why.

const item = obj({
  path: str(),
  repo: str(),
  branch: nullable(str()),
  base: nullable(str('the branch it merges into, as recorded when it was made')),
  action: oneOf(['remove', 'park', 'keep', 'forget'] as const, 'what the prune does (did) with it'),
  why: str(),
  bytes: int('what removing it frees'),
  made: bool('the hub made it (only those are ever touched)'),
});

// One word per action, in the lines and in the count under them (docs/worktrees.md#prune).
const VERB_WORD: Record<PruneItem['action'], string> = {
  remove: 'remove',
  park: 'park+remove',
  keep: 'keep',
  forget: 'forget',
};
const DONE_WORD: Record<PruneItem['action'], string> = {
  remove: 'removed',
  park: 'parked+removed',
  keep: 'kept',
  // (its folder was gone already: the hub's record of it and git's are dropped)
  forget: 'forgot',
};

/**
 * The plan or what was done, one worktree a line, then how many each word applies to (the lines'
 * words: remove, forget, keep; removed, forgotten, kept) and what it frees.
 */
export function pruneSays(items: readonly PruneItem[], done: boolean): string {
  if (!items.length) return 'no worktrees: the hub has made none that are still there';
  const words = done ? DONE_WORD : VERB_WORD;
  const width = Math.max(...items.map((i) => words[i.action].length));
  const lines = items.map(
    (i) => `${words[i.action].padEnd(width)}  ${i.path}${i.bytes ? ` (${sizeText(i.bytes)})` : ''}: ${i.why}`,
  );
  const gone = items.filter((i) => i.action === 'remove' || i.action === 'park');
  const freed = gone.reduce((n, i) => n + i.bytes, 0);
  const count = (a: PruneItem['action']) => items.filter((i) => i.action === a).length;
  const [forgotten, kept] = [count('forget'), count('keep')];
  const parts = [
    `${done ? 'removed' : 'would remove'} ${gone.length || 'none'} of ${items.length}` +
      (gone.length ? ` (${done ? 'freed' : 'freeing'} ${sizeText(freed)})` : ''),
    forgotten ? `${words.forget} ${forgotten}` : '',
    kept ? `${words.keep} ${kept}` : '',
  ];
  const todo = !done && gone.length + forgotten > 0 ? ' (botster-tui worktrees prune does it)' : '';
  lines.push(parts.filter(Boolean).join(', ') + todo);
  return lines.join('\n');
}

function occupants(deps: ControlDeps): Occupant[] {
  // (one that exited and is still listed holds nothing: closing it would not lose work either)
  const listed = deps.agents
    .list()
    .filter((a) => !a.isExited)
    .map((a) => ({
      label: `agent ${a.id} (${a.info.name})`,
      folders: [a.cwd],
    }));
  return [...listed, ...recordedOccupants(deps.home)];
}

/** Prunes run one at a time (two would race on the same worktrees). */
let running: Promise<{ done: boolean; worktrees: PruneItem[]; says: string }> | null = null;

export const worktreesVerb = defineVerb({
  name: 'worktree.list',
  command: true,
  summary: 'the worktrees the hub made; prune removes the merged, clean ones',
  args: {
    action: {
      type: 'enum',
      values: ['list', 'prune'] as const,
      doc: 'list (what a prune would do: the default) or prune',
      cli: { positional: true },
    },
    dry_run: { type: 'boolean', doc: 'prune: only say it' },
    park: {
      type: 'boolean',
      doc: 'prune: park dirty ones',
    },
  },
  answer: obj({
    done: bool('whether anything was changed (prune without --dry-run)'),
    worktrees: list(item),
    says: str('the same, in words, with what it frees'),
  }),
  act: async (deps, req) => {
    const doing = req.action === 'prune' && !req.dry_run;
    if (doing && running) throw new ControlError('a prune is running already', { reason: 'busy' });
    const work = (async () => {
      const occupied = occupants(deps);
      const plan = await prunePlan(madeWorktrees(deps.home), {
        park: req.park === true,
        holder: (dir) => holderOf(occupied, dir),
      });
      if (!doing) return { done: false, worktrees: plan, says: pruneSays(plan, false) };
      const done = await runPrune(plan);
      const gone = done.filter((i) => i.action !== 'keep').map((i) => i.path);
      forgetMade(deps.home, gone);
      deps.worktreesGone?.(gone);
      deps.log('info', `worktrees prune: ${pruneSays(done, true).split('\n').pop()}`);
      return { done: true, worktrees: done, says: pruneSays(done, true) };
    })();
    if (doing) running = work;
    try {
      return await work;
    } finally {
      if (doing) running = null;
    }
  },
});
