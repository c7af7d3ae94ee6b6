// What the hub knows about its agents and itself that Lua's `self` shows, as state: each part that
// learns a fact (the agent manager, the worktrees, the projects, the machines, the review diffs, the
// git branch watcher, the frames) reports it with an intent, and `self` is a projection of the
// state (app-data.ts). Nothing reads a live object to build `self`, so no frame shows a stale fact.
import type { AgentUsage, AgentWorktree, AgentBox, AgentPermission } from '../wire/agent-record.js';
import type { AppData, CommentFacts, PipelineFacts, ImprovementFacts, ProjectFacts } from './self.js';
export type { CommentFacts } from './self.js';
import type { PluginFacts } from './plugin-facts.js';

/** One agent as its owners report it. */
export interface AgentFacts {
  name: string;
  command: string;
  cwd: string;
  title: string;
  exit_code: number | null;
  signal: number | null;
  /** The program in its foreground (`claude` typed into a shell agent). */
  program: string;
  /** The machine of settings.machines it runs on (absent: this one). */
  machine?: string;
  /** Its worktree's branch. */
  branch?: string;
  /** The git branch checked out in its live folder. */
  git_branch?: string;
  worktree?: AgentWorktree;
  /** The repository (with a `.botster/`) it works in. */
  repo?: string;
  profile?: string;
  /** The agent that started it (its team's lead: `new` or `tmux split-window` from inside it). */
  lead?: string;
  /** What its CLI reported about its cost and limits (the `usage` verb). */
  usage?: AgentUsage;
  /** The box it runs in (src/box/). */
  box?: AgentBox;
  /** The account it runs on: its environment's BOTSTER_ACCOUNT (lua/default/accounts.lua sets it). */
  account?: string;
  /** A line typed into it waits to be sent or cleared (src/agents/draft-line.ts). */
  draft?: boolean;
  /** The permission question its CLI asked that the rules left to you (lifecycle/agent-permissions.ts). */
  permission?: AgentPermission;
  /** The name of the tmux window it leads (`tmux rename-window`: src/tmux/model.ts); its own name stays. */
  window?: string;
}

/** What a review panel's diff holds (by agent and mode). */
export interface ReviewSummary {
  lines: number;
  files: number;
  added: number;
  removed: number;
  against: string | null;
  loading: boolean;
  error: string | null;
  /** Grows with each new document (not shown: a new one draws again even if it counts the same). */
  version: number;
}

export type MachineFacts = NonNullable<AppData['machines']>[number];
export type OfferFacts = NonNullable<AppData['worktrees']>[number];

/** The facts of the hub, in the state. */
export interface HubFacts {
  agents: Record<string, AgentFacts>;
  /** Agents about to start: the first frame is laid out with them (null once they run). */
  planned: AppData['agents'] | null;
  /** Agents on an attached client's screen now (or watched from another hub). */
  onScreen: readonly string[];
  offers: readonly OfferFacts[];
  projects: readonly ProjectFacts[];
  machines: readonly MachineFacts[];
  /** By reviewKey(agent, mode). */
  reviews: Record<string, ReviewSummary>;
  /** Review comments by agent id (agents with none are absent). */
  comments: Record<string, readonly CommentFacts[]>;
  /** The user's shell: what a plain new agent runs. */
  shell: string;
  /** Pipeline runs of this hub (the pipeline runner's). */
  pipelines: readonly PipelineFacts[];
  /** The home's plugins (its lock, as the hub's plugins room reads it). */
  plugins: readonly PluginFacts[];
  /** Improvements waiting for the user's answer (the improvements room's). */
  improvements: readonly ImprovementFacts[];
  /** A browser page of the hub's web is open (its live socket): what a page follows is worth making. */
  webOpen: boolean;
}

/** An agent known only by its id (until its owner reports it). */
export function unknownAgent(id: string): AgentFacts {
  return { name: id, command: '', cwd: '', title: '', exit_code: null, signal: null, program: '' };
}

export const reviewKey = (agent: string, mode: string) => `${agent}\u0000${mode}`;

export function initialFacts(shell = '/bin/sh'): HubFacts {
  return {
    agents: {},
    planned: null,
    onScreen: [],
    offers: [],
    projects: [],
    machines: [],
    reviews: {},
    comments: {},
    shell,
    pipelines: [],
    plugins: [],
    improvements: [],
    webOpen: false,
  };
}

/** The hub-wide facts an owner may report (each is replaced whole). */
export type HubFactsPatch = Partial<Omit<HubFacts, 'agents' | 'reviews' | 'comments'>>;

/** `patch` over `facts` of one agent; the same object when nothing changes. Absent (undefined) fields are removed. */
export function patchAgent(
  facts: AgentFacts | undefined,
  patch: Partial<AgentFacts>,
  base: AgentFacts,
): AgentFacts {
  const from = facts ?? base;
  let next: AgentFacts | null = facts ? null : { ...base };
  for (const [k, v] of Object.entries(patch) as Array<[keyof AgentFacts, unknown]>) {
    if (equal(from[k], v)) continue;
    next ??= { ...from };
    if (v === undefined) delete next[k];
    else (next as unknown as Record<string, unknown>)[k] = v;
  }
  return next ?? from;
}

/** Whether two plain facts (numbers, strings, arrays and records of them) are the same. */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) => Object.hasOwn(b, k) && equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}
