import type { AppData, QuestionFacts, ReviewFacts } from '../lua/runtime/config-file.js';
import { shownError, type HubState } from '../hub/state.js';
import { signalName } from '../agents/signal-name.js';
import { focusedAnywhere } from '../hub/reduce-clients.js';
import type { ClientState } from '../hub/state.js';
import type { AgentLookup } from '../agents/agent-lookup.js';
import type { AgentFacts, FrameDeps } from './ports.js';
import type { ReviewDiffs } from './review-diffs.js';
import { statusOf, type AgentStateEntry } from '../hub/agent-state.js';
import { programName, stateFields } from '../status/hub-status.js';

/** What `self` is made of: the state, the agents and what the hub records about them, and the frames. */
export interface ViewSource {
  state: HubState;
  agents: AgentLookup;
  facts: AgentFacts;
  /** Agents about to start (the first frame is laid out with them). */
  planned: AppData['agents'] | null;
  /** Whether an attached client's screen shows the agent now. */
  seen(id: string): boolean;
  /** The git branch checked out in a folder, once read (`git_branch`). */
  gitBranchOf(cwd: string): string | undefined;
  /** settings.machines and how each is reached now. */
  machines: FrameDeps['machines'];
  worktrees: FrameDeps['worktrees'];
  projects: FrameDeps['projects'];
  reviews: Pick<ReviewDiffs, 'get'>;
}

/** `self` as Lua sees it for one client's view (the served one by default): the state plus the facts about agents the host records. */
export function appData(src: ViewSource, view: ClientState = src.state.client): AppData {
  const s = src.state;
  const agents =
    src.planned ??
    src.agents.list().map((a) => {
      const i = a.info;
      const entry = s.agentStates[i.id];
      const state = stateFields(entry);
      const branch = src.facts.branchOf(i.id);
      const wt = src.worktrees.of(i.id);
      const repo = src.projects.repoOf(i.id);
      const worktree = wt
        ? { path: wt.path, branch: wt.branch, repo: wt.repo, ...(wt.base ? { base: wt.base } : {}) }
        : undefined;
      const profile = src.facts.profileOf(i.id);
      const watched = i.id !== view.focus && focusedAnywhere(s, i.id);
      const shown = src.seen(i.id);
      const gitBranch = src.gitBranchOf(a.terminal.cwd ?? i.cwd);
      const facts = {
        ...(branch ? { branch } : {}),
        ...(gitBranch ? { git_branch: gitBranch } : {}),
        ...(worktree ? { worktree } : {}),
        ...(repo ? { repo } : {}),
        ...(profile ? { profile } : {}),
        ...times(s, i.id, entry),
        ...(watched ? { watched } : {}),
        ...(shown ? { shown } : {}),
      };
      return {
        id: i.id,
        name: i.name,
        ...(a.machine ? { machine: a.machine } : {}),
        program: programName(a),
        command: i.command,
        cwd: i.cwd,
        ...state,
        status: statusOf(entry?.state ?? 'running'),
        exit_code: i.exitCode,
        signal: i.signal,
        signal_name: signalName(i.signal),
        title: i.title,
        scroll: s.scroll[i.id] ?? 0,
        ...facts,
      };
    });
  const worktrees = src.facts.offers.list();
  const projects = src.projects.list();
  const index = agents.findIndex((a) => a.id === view.focus);
  const notice = s.notice?.level === 'info' ? s.notice.text : null;
  return {
    agents,
    focused_id: view.focus,
    selected: index >= 0 ? index + 1 : null,
    mode: view.mode,
    size: { width: view.cols, height: view.rows },
    error: shownError(s),
    notice,
    shell: process.env.SHELL || '/bin/sh',
    overlay: view.overlay?.kind ?? null,
    ...questionsFact(s),
    ...(worktrees.length ? { worktrees } : {}),
    ...(projects.length ? { projects } : {}),
    // absent when closed: the first frame's app (initial-app.ts) is this one key for key
    ...(view.review ? { review: reviewFacts(src.reviews, view) } : {}),
    ...machinesFact(src.machines),
  };
}

/** app.review: the client's open review panel and what its diff holds so far (null: closed). */
function reviewFacts(reviews: Pick<ReviewDiffs, 'get'>, view: ClientState): ReviewFacts | null {
  const r = view.review;
  if (!r) return null;
  const d = reviews.get(r.agent, r.mode);
  const doc = d?.doc ?? null;
  return {
    agent: r.agent,
    mode: r.mode,
    top: r.top,
    lines: doc?.lines.length ?? 0,
    files: doc?.files.length ?? 0,
    added: doc?.added ?? 0,
    removed: doc?.removed ?? 0,
    against: doc?.against ?? null,
    loading: !doc && !d?.error,
    error: d?.error ?? null,
  };
}

/** The times Lua's App:attention works from (ms on the hub's clock), those the hub has. */
function times(
  s: HubState,
  id: string,
  entry: AgentStateEntry | undefined,
): { waiting_since?: number; bell_at?: number; seen_at?: number } {
  const out: { waiting_since?: number; bell_at?: number; seen_at?: number } = {};
  if (entry?.state === 'waiting') out.waiting_since = Math.round(entry.since);
  if (id in s.bellAt) out.bell_at = Math.round(s.bellAt[id]);
  if (id in s.seenAt) out.seen_at = Math.round(s.seenAt[id]);
  return out;
}

/** The questions waiting for the user (a script's are its own; absent: none). */
function questionsFact(s: HubState): { questions?: QuestionFacts[] } {
  const list = s.questions.filter((q) => !q.script);
  return list.length
    ? { questions: list.map((q) => ({ id: q.id, title: q.overlay.title, from: q.from })) }
    : {};
}

/** settings.machines and how each is reached now (absent: none listed). */
function machinesFact(machines: ViewSource['machines']): {
  machines?: Array<{ name: string; state: string; error?: string; retry_in?: number; agents: number }>;
} {
  const list = machines.list();
  return list.length
    ? {
        machines: list.map(({ name, state, error, retry_in, agents }) => ({
          name,
          state,
          ...(error ? { error } : {}),
          ...(retry_in !== undefined ? { retry_in } : {}),
          agents,
        })),
      }
    : {};
}
