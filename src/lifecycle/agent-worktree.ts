import type { AgentSpec } from '../agents/types.js';
import { createWorktree, type Worktree } from '../agents/worktree.js';
import { expandTilde } from '../reload/paths.js';

/** Does starting this agent call git (a new worktree), i.e. take a while? */
export function needsNewWorktree(spec: AgentSpec | null): boolean {
  return !!spec?.worktree && !(typeof spec.worktree === 'object' && spec.worktree.existing);
}

/**
 * Where an agent with `worktree` runs: a worktree made before (restore) as it is, else a fresh git
 * worktree and branch. Outside a repository, or when git refuses, the agent starts where it was
 * asked to, and `error` says why.
 */
export async function placeInWorktree(spec: AgentSpec): Promise<{ spec: AgentSpec; wt: Worktree | null; error?: string }> {
  if (!spec.worktree) return { spec, wt: null };
  const o = typeof spec.worktree === 'object' ? spec.worktree : {};
  if (o.existing) return { spec: { ...spec, cwd: o.existing.path }, wt: o.existing };
  try {
    const wt = await createWorktree(spec.cwd ?? process.cwd(), spec.name ?? spec.command.split(/\s/)[0], {
      ...(o.branch ? { branch: o.branch } : {}),
      ...(o.reuse ? { reuse: true } : {}),
      ...(o.folder ? { folder: expandTilde(o.folder) } : {}),
    });
    return { spec: { ...spec, cwd: wt.path }, wt };
  } catch (err) {
    return { spec, wt: null, error: `${(err as Error).message}: starting without a worktree` };
  }
}
