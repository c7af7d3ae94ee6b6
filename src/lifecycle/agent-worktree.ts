import fs from 'node:fs';
import path from 'node:path';
import type { AgentSpec } from '../agents/types.js';
import { defaultName } from '../agents/command-line.js';
import { createWorktree, type Worktree } from '../agents/worktree.js';
import { currentBranch, repoPrefix, repoRoot } from '../agents/git.js';
import { copyIncluded, includePatterns } from '../agents/worktree-include.js';
import { expandTilde } from '../reload/paths.js';
import { missingProgram } from '../agents/spawn-agent.js';

/** Does starting this agent call git (a new worktree), i.e. take a while? */
export function needsNewWorktree(spec: AgentSpec | null): boolean {
  return !!spec?.worktree && !(typeof spec.worktree === 'object' && spec.worktree.existing);
}

/** The repository's setup script, relative to its top (run in each new worktree before the agent). */
export const SETUP_SCRIPT = '.botster/setup';

/**
 * What a new worktree will be, before git makes it: the before_worktree_create handlers see it and
 * may change the branch (none: the hub names it botster/NAME), base, folder, setup (a command line,
 * or nil for none) and include (.worktreeinclude's patterns).
 */
export interface WorktreePlan {
  agent: { name: string; command: string };
  repo: string;
  base: string | null;
  branch: string | null;
  folder: string;
  setup: string | null;
  include: string[];
}

export type PlanDecision = { plan: WorktreePlan } | { cancelled: string };

export interface Placed {
  spec: AgentSpec;
  wt: Worktree | null;
  /** The command line to run in the worktree before the agent. */
  setup?: string;
  /** Files .worktreeinclude copied in. */
  copied?: string[];
  /** The repository whose setup script did not run: it is not trusted. */
  setupSkipped?: string;
  /** Why no worktree was made (outside a repository, git refused): it starts without one, or not at all. */
  error?: string;
  /** A handler said no: the agent does not start. */
  cancelled?: string;
}

/**
 * Where an agent with `worktree` runs: a worktree made before (restore) as it is, else a fresh git
 * worktree and branch as the plan (after `decide`) says, with .worktreeinclude's files copied in.
 * Outside a repository, or when git refuses, there is no worktree and `error` says why (the caller
 * starts the agent where it was asked to, or not at all).
 */
export async function placeInWorktree(
  spec: AgentSpec,
  decide: (plan: WorktreePlan) => Promise<PlanDecision> = async (plan) => ({ plan }),
  trusted: (repo: string) => boolean = () => true,
): Promise<Placed> {
  if (!spec.worktree) return { spec, wt: null };
  const o = typeof spec.worktree === 'object' ? spec.worktree : {};
  if (o.existing) return { spec: { ...spec, cwd: o.existing.path }, wt: o.existing };
  const cwd = spec.cwd ?? process.cwd();
  const name = spec.name ?? defaultName(spec);
  // A program that is not there would exit 127 in a worktree and branch made for nothing.
  const missing = missingProgram(spec, cwd, spec.env?.PATH ?? process.env.PATH);
  if (missing)
    return {
      spec,
      wt: null,
      cancelled: `${missing} is not installed (no ${missing} on your PATH): no worktree or branch was made`,
    };
  try {
    const repo = await repoRoot(cwd);
    if (!repo) throw new Error(`${cwd} is not in a git repository`);
    // The repository's setup script is the repository's code: it runs once you trust the project.
    const hasSetup = fs.existsSync(path.join(repo, SETUP_SCRIPT));
    const untrusted = hasSetup && !trusted(repo);
    const first: WorktreePlan = {
      agent: { name, command: spec.command },
      repo,
      base: o.base ?? (await currentBranch(cwd)),
      branch: o.branch ?? null,
      folder: o.folder
        ? expandTilde(o.folder)
        : path.join(path.dirname(repo), `${path.basename(repo)}-worktrees`),
      setup: hasSetup && !untrusted ? SETUP_SCRIPT : null,
      include: await includePatterns(repo),
    };
    const d = await decide(first);
    if ('cancelled' in d) return { spec, wt: null, cancelled: d.cancelled };
    const plan = d.plan;
    const wt = await createWorktree(cwd, name, {
      ...(plan.branch ? { branch: plan.branch } : {}),
      ...(o.reuse ? { reuse: true } : {}),
      ...(plan.base ? { base: plan.base } : {}),
      folder: plan.folder,
    });
    const copied = await copyIncluded(repo, wt.path, plan.include);
    const setup = plan.setup ? setupCommand(plan.setup, repo, wt.path) : undefined;
    return {
      spec: { ...spec, cwd: await sameFolderIn(wt.path, cwd) },
      wt,
      ...(setup ? { setup } : {}),
      copied,
      ...(untrusted && !setup ? { setupSkipped: repo } : {}),
    };
  } catch (err) {
    return { spec, wt: null, error: (err as Error).message };
  }
}

/**
 * The folder of the worktree where `cwd` is in its repository (started from repo/web/ui, the agent
 * runs in the worktree's web/ui, as it would have without one); its top when the branch has no
 * such folder (an untracked one).
 */
async function sameFolderIn(worktree: string, cwd: string): Promise<string> {
  const prefix = await repoPrefix(cwd);
  const there = path.join(worktree, prefix);
  return prefix && fs.existsSync(there) ? there : worktree;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The shipped setup script runs as the worktree has it, else as the repository's folder has it (an
 * uncommitted script is not in a new worktree); without the executable bit it runs with sh. Any
 * other command line (a handler's) runs as given.
 */
function setupCommand(setup: string, repo: string, dir: string): string {
  if (setup !== SETUP_SCRIPT) return setup;
  const file = fs.existsSync(path.join(dir, SETUP_SCRIPT))
    ? path.join(dir, SETUP_SCRIPT)
    : path.join(repo, SETUP_SCRIPT);
  const executable = (() => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  })();
  const shown = file.startsWith(dir + path.sep) ? `./${SETUP_SCRIPT}` : quote(file);
  return executable ? shown : `sh ${shown}`;
}
