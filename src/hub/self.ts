// What `self` is in App:render: the plain data app-data.ts projects the state into, and the shapes
// of the facts it shows. The hub owns this vocabulary (the Lua runtime, the worker and the frame read
// it), so it lives here and not with the Lua configuration's loading.
import type { AgentBox, AgentWorktree } from '../wire/agent-record.js';
import type { PluginFacts } from './plugin-facts.js';

/** A repository with a `.botster/` the hub found (app.projects). */
export interface ProjectFacts {
  path: string;
  /** Its Lua loads as yours and its setup runs (else: the sandbox, no setup). */
  trusted: boolean;
  /** You trusted it, and its files changed since. */
  changed: boolean;
  files: string[];
  setup: boolean;
  /** The hash of its `.botster/` now: app:trust_project(p) trusts these contents only. */
  hash?: string;
  /** Which files changed since you trusted it (when `changed`, and the trust recorded them). */
  changes?: { added: string[]; removed: string[]; modified: string[] };
}

/** One step of a pipeline run as `self.pipelines` shows it. */
export interface PipelineStepFacts {
  key: string;
  step: string;
  item?: string;
  state: string;
  reason?: string;
  /** Its agent's name and id (once started). */
  agent?: string;
  agent_id?: string;
  branch?: string;
  /** Its check's exit code (absent: none ran). */
  check?: number | null;
  diff?: { files: number; added: number; removed: number };
  /** Seconds since it started (or how long it took). */
  elapsed?: number;
}

/** A pipeline run of this hub (self.pipelines): under way, waiting for a choice, or ended lately. */
export interface PipelineFacts {
  id: string;
  pipeline: string;
  status: string;
  reason?: string;
  paused?: boolean;
  elapsed: number;
  chosen?: string;
  /** While it waits for a choice: the keys of the steps you may keep (those that finished, of the last steps). */
  choices?: string[];
  steps: PipelineStepFacts[];
}

/** What an agent's diff holds so far, as the review and compare panels show it. */
export interface DiffFacts {
  /** How many lines the document has. */
  lines: number;
  /** Files changed, lines added and removed; what it is compared with ("main", "HEAD"). */
  files: number;
  added: number;
  removed: number;
  against: string | null;
  /** Still being made (the first time), or why there is none. */
  loading: boolean;
  error: string | null;
}

/**
 * A review comment on an agent's changes (`self.review.comments`, `botster-tui review comments`):
 * where, what it said, and what became of it. `state`: `new` (not sent), `stale` (not sent, its
 * lines changed since), `sent`, `handled` (its lines changed after it was sent, or you said so).
 */
export interface CommentFacts {
  id: string;
  /** The file, relative to the agent's folder (its worktree). */
  file: string;
  /** Its first and last line (1-based): in the new file, or the old one for removed lines (`side`). */
  line: number;
  end: number;
  side: 'new' | 'old';
  /** The lines as the diff showed them when it was made (`+`, `-` or a space before each). */
  snippet: string[];
  text: string;
  state: 'new' | 'stale' | 'sent' | 'handled';
  /** When it was made, sent, handled (ISO). */
  created: string;
  sent?: string;
  handled?: string;
}

/** app.review: the open review panel and its diff. */
export interface ReviewFacts extends DiffFacts {
  agent: string;
  mode: 'all' | 'uncommitted';
  /** The document line at the top of the panel. */
  top: number;
  /** The reviewed agent's comments, in the order they were made. */
  comments: CommentFacts[];
  /** Lines of the panel are being selected (y, or c): c comments them. */
  selecting?: boolean;
}

/** One column of the compare panel (app.compare.columns): an agent's changes and where it is scrolled. */
export interface CompareColumnFacts extends DiffFacts {
  agent: string;
  /** The document line at the top of the column. */
  top: number;
}

/** app.compare: the open compare panel (several agents' changes side by side). */
export interface CompareFacts {
  mode: 'all' | 'uncommitted';
  /** The selected column (1-based). */
  selected: number;
  columns: CompareColumnFacts[];
}

/** A question waiting for the user (app.questions): a dialog nobody at the keys opened. */
export interface QuestionFacts {
  id: number;
  title: string;
  from: string;
  /** What it is about (app:select's opts.key: "improvement:NAME"), when it says. */
  key?: string;
}

/** An improvement waiting for the user's answer (app.improvements): what accepting it changes. */
export interface ImprovementFacts {
  name: string;
  agent_id: string | null;
  reasoning: string;
  /** When it started waiting (ISO). */
  at: string;
  binds: Array<{ mode: string; key: string; action: string; desc?: string }>;
  replaces: Array<{ mode: string; key: string; source: string; layer: string }>;
  unbinds: Array<{ mode: string; key: string }>;
  commands: Array<{ id: string; desc?: string }>;
  overrides: Array<{ id: string; source: string; layer: string }>;
  hooks: Array<{ event: string; name?: string }>;
  diff: string[];
  replacing: boolean;
  /** What its code does, in plain words, against what the policy granted it (src/plugins/card.ts). */
  card?: string[];
}

/** What `self` is in App:render (plain data; the Lua side adds `focused` and `state`). */
export interface AppData {
  agents: Array<{
    id: string;
    name: string;
    /** The machine of settings.machines it runs on (absent: this one). */ machine?: string;
    /** The program in its foreground (`claude` typed into a shell agent). */ program?: string;
    command: string;
    cwd: string;
    /** running | waiting | idle | done | exited */ state?: string;
    /** Why: the question it asks, what it runs, how it exited. */ reason?: string | null;
    /** When the state began (ms, the hub's clock). */ state_since?: number | null;
    status: string;
    exit_code: number | null;
    signal?: number | null;
    signal_name?: string | null;
    title: string;
    /** The box it runs in (src/box/; absent: none). */ box?: AgentBox;
    scroll?: number;
    branch?: string;
    /** The git branch checked out in its folder (its HEAD; a short hash when detached). */ git_branch?: string;
    /** The worktree the hub made for it (worktree = true): where it runs, its branch, the branch it came from, the repository. */ worktree?: AgentWorktree;
    /** The repository it works in (its top folder; a worktree's is its repository's). */ repo?: string;
    profile?: string;
    waiting_since?: number;
    bell_at?: number;
    seen_at?: number;
    /** Focused in another attached client (someone is looking at it). */ watched?: boolean;
    /** On an attached client's screen now (a turn it finishes there is seen). */ shown?: boolean;
    /** Lua's App:attention fills it in. */ attention?: boolean;
  }>;
  focused_id: string | null;
  selected: number | null;
  mode: string;
  size: { width: number; height: number };
  /** The hub's machine, as this client (attached from another one with --ssh HOST) named it; absent here. */
  hub_machine?: string;
  /** The attached client this view is (its id, as client_attached names it); absent with none attached. */
  client?: string;
  error: string | null;
  /** The latest info notice ("copied 3 lines", search results), or null. */
  notice?: string | null;
  /** The status-bar hint: Lua's App:status_hint fills it in (lua/default/hint.lua). */
  hint?: string;
  /** The user's shell ($SHELL, else /bin/sh): what a plain new agent runs. */
  shell?: string;
  /** Overlay the hub draws (help, palette), for layouts that want to know. */
  overlay?: string | null;
  /** Questions the hub asks by itself, waiting for you to open them (question.open), oldest first (absent when none). */
  questions?: QuestionFacts[];
  /** The review panel, while it is open: whose changes, which, and what the diff holds so far. */
  review?: ReviewFacts | null;
  /** The compare panel, while it is open: the agents' changes side by side, the selected column. */
  compare?: CompareFacts | null;
  /** Repositories with a `.botster/` the hub found, and whether you trust them (absent when none). */
  projects?: ProjectFacts[];
  /** Clean worktrees of agents that exited, on offer for removal (absent when none). */
  worktrees?: Array<{ path: string; branch: string; agent: string }>;
  /** settings.machines and how each is reached (absent when none is listed). */
  machines?: Array<{ name: string; state: string; error?: string; retry_in?: number; agents: number }>;
  /** Pipeline runs under way, waiting for a choice, or ended in this hub lately (absent when none). */
  pipelines?: PipelineFacts[];
  /** The home's plugins (absent: none). */
  plugins?: PluginFacts[];
  /** Improvements waiting for the user's answer, oldest first (absent when none). */
  improvements?: ImprovementFacts[];
  /** A page of the hub's web is open in a browser (absent: none; the web's hooks make nothing then). */
  web_open?: true;
}
