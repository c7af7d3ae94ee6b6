import type { FSWatcher } from 'chokidar';
import { worktreeDiff, type DiffMode } from '../agents/git-diff.js';
import { gitRun } from '../agents/git.js';
import { parseDiff, type DiffDoc } from '../ui/diff/diff-doc.js';
import type { Intent } from '../hub/intents.js';
import type { ReviewSummary } from '../hub/facts.js';
import { withComments, type CommentMark } from '../ui/diff/diff-comments.js';

/** What the review diffs need from the hub. */
export interface ReviewHost {
  /** Where an agent works, and the branch its worktree came from (null: none); null: no such agent. */
  place(agent: string): { dir: string; base: string | null } | null;
  /** Keeps a promise (a diff being made) that whenIdle waits for. */
  track(p: Promise<void>): void;
  /** What a panel's diff holds now (`self.review`): into the hub's state, where it draws again. */
  report(intent: Intent): void;
  log(message: string): void;
  readonly disposed: boolean;
  /** The review comments on the agent's changes, drawn under their lines. */
  marks(agent: string): CommentMark[];
  /** A new diff of the agent was made: its comments are checked against the files. */
  diffMade(agent: string): void;
}

/** At most one diff per this long per panel: a busy agent saving files does not run git nonstop. */
const MIN_INTERVAL_MS = 1000;
/** Noise after a change (an editor's temp file, a second write): one refresh for the burst. */
const SETTLE_MS = 150;

/** One panel's diff: the document, how it is being kept up to date. */
export interface ReviewDiff {
  agent: string;
  mode: DiffMode;
  dir: string;
  /** The document with the comments drawn into it (what the panel shows). */
  doc: DiffDoc | null;
  /** git's diff alone. */
  raw: DiffDoc | null;
  error: string | null;
  /** Grows with each new document (the painter repaints on a change). */
  version: number;
  busy: boolean;
  again: boolean;
  lastRun: number;
  timer: NodeJS.Timeout | null;
  watcher: FSWatcher | null;
  gone: boolean;
}

const keyOf = (agent: string, mode: DiffMode) => `${agent}:${mode}`;

/**
 * The diffs the review panels show, made by git off the frame path (parsed in slices when they
 * arrive), and kept fresh while shown: the worktree is watched (and its git index and HEAD, so a
 * commit counts), refreshes rate-limited. A diff no panel shows any more is dropped, with its watch.
 */
export class ReviewDiffs {
  private readonly diffs = new Map<string, ReviewDiff>();

  constructor(private readonly host: ReviewHost) {}

  /** The diff for a panel (started, and watched, the first time it is asked for). */
  get(agent: string, mode: DiffMode): ReviewDiff | null {
    const key = keyOf(agent, mode);
    const known = this.diffs.get(key);
    if (known) return known;
    const place = this.host.place(agent);
    if (!place) return null;
    const d: ReviewDiff = {
      agent,
      mode,
      dir: place.dir,
      doc: null,
      raw: null,
      error: null,
      version: 0,
      busy: false,
      again: false,
      lastRun: 0,
      timer: null,
      watcher: null,
      gone: false,
    };
    this.diffs.set(key, d);
    this.refresh(d);
    void this.watch(d);
    return d;
  }

  /** The diffs the panels on screen show now: others go (a panel shown again starts afresh). */
  keep(shown: Array<{ agent: string; mode: DiffMode }>): void {
    const keys = new Set(shown.map((s) => keyOf(s.agent, s.mode)));
    for (const [key, d] of this.diffs) if (!keys.has(key)) this.drop(key, d);
  }

  /** The agent's comments changed: its panels draw them again (no git runs). */
  marksChanged(agent: string): void {
    for (const d of this.diffs.values()) {
      if (d.agent !== agent || !d.raw || d.gone) continue;
      d.doc = withComments(d.raw, this.host.marks(agent));
      d.version++;
      this.host.report({ type: 'review_facts', agent: d.agent, mode: d.mode, summary: summaryOf(d) });
    }
  }

  /** Computes it again now (or right after the run in progress). */
  refresh(d: ReviewDiff): void {
    if (d.gone) return;
    if (d.busy) {
      d.again = true;
      return;
    }
    const wait = d.lastRun + MIN_INTERVAL_MS - performance.now();
    if (wait > 0) {
      d.timer ??= setTimeout(() => {
        d.timer = null;
        this.refresh(d);
      }, wait);
      return;
    }
    d.busy = true;
    d.lastRun = performance.now();
    this.host.track(this.compute(d));
  }

  private async compute(d: ReviewDiff): Promise<void> {
    const host = this.host;
    try {
      const base = host.place(d.agent)?.base ?? null;
      const raw = await worktreeDiff(d.dir, base, d.mode);
      const doc = await parseDiff(raw.text, raw.against, raw.truncated);
      if (d.gone) return;
      d.raw = doc;
      d.doc = withComments(doc, host.marks(d.agent));
      d.error = null;
    } catch (err) {
      if (d.gone) return;
      d.error = (err as Error).message;
    } finally {
      d.busy = false;
    }
    d.version++;
    host.report({ type: 'review_facts', agent: d.agent, mode: d.mode, summary: summaryOf(d) });
    if (!d.error) host.diffMade(d.agent);
    if (d.again) {
      d.again = false;
      this.refresh(d);
    }
  }

  /** Watches the folder (not node_modules or .git) and the git files a commit or checkout changes. */
  private async watch(d: ReviewDiff): Promise<void> {
    const gitDir = await gitRun(d.dir, ['rev-parse', '--absolute-git-dir']);
    if (d.gone || this.host.disposed) return;
    const marks =
      gitDir.code === 0 ? ['index', 'HEAD', 'logs/HEAD'].map((f) => `${gitDir.stdout.trim()}/${f}`) : [];
    const { watch } = await import('chokidar');
    if (d.gone || this.host.disposed) return;
    const root = d.dir.endsWith('/') ? d.dir : `${d.dir}/`;
    // chokidar hands `ignored` absolute paths: look only below the folder, or a folder whose own
    // path has a .git or node_modules in it would be ignored whole.
    const ignored = (p: string) =>
      p.startsWith(root) && /(^|\/)(node_modules|\.git)(\/|$)/.test(p.slice(root.length));
    const w = watch([d.dir, ...marks], { ignoreInitial: true, ignored, persistent: true });
    d.watcher = w;
    let settle: NodeJS.Timeout | null = null;
    const changed = () => {
      if (settle) return;
      settle = setTimeout(() => {
        settle = null;
        this.refresh(d);
      }, SETTLE_MS);
    };
    w.on('all', changed);
    // What changed between the first diff and the watch going live is seen by no event: look again.
    w.on('ready', changed);
    w.on('error', (err) => this.host.log(`review watch ${d.dir}: ${(err as Error).message}`));
  }

  private drop(key: string, d: ReviewDiff): void {
    if (!this.host.disposed)
      this.host.report({ type: 'review_facts', agent: d.agent, mode: d.mode, summary: null });
    d.gone = true;
    if (d.timer) clearTimeout(d.timer);
    d.timer = null;
    void d.watcher?.close();
    d.watcher = null;
    this.diffs.delete(key);
  }

  dispose(): void {
    for (const [key, d] of this.diffs) this.drop(key, d);
  }
}

/** What `self.review` says of a diff (its version: a new document draws again even if it counts the same). */
function summaryOf(d: ReviewDiff): ReviewSummary {
  const doc = d.doc;
  return {
    lines: doc?.lines.length ?? 0,
    files: doc?.files.length ?? 0,
    added: doc?.added ?? 0,
    removed: doc?.removed ?? 0,
    against: doc?.against ?? null,
    loading: !doc && !d.error,
    error: d.error,
    version: d.version,
  };
}
