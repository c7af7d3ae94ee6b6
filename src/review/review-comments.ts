// Review comments: made on an agent's changes (the review panel's `c`, `botster-tui review comment`,
// the web's diff page, all through the review_* verbs), kept in the home per agent and folder,
// checked against the files (stale before they are sent, handled after), and sent to the agent as
// one prompt. The hub's state holds what Lua and the panel see (`self.review.comments`).
import type { Intent } from '../hub/intents.js';
import type { CommentFacts } from '../hub/self.js';
import type { CommentMark } from '../ui/diff/diff-comments.js';
import { loadComments, saveComments, type CommentFile, type StoredComment } from './comment-file.js';
import { fileLines, findLines } from './comment-anchor.js';
import { inDiffOrder, reviewPrompt } from './review-prompt.js';

/** What the comments need from the hub. */
export interface ReviewCommentsHost {
  home: string;
  /** An agent by id: its name, the folder it works in (its worktree), its base; null: no such agent. */
  place(agent: string): { name: string; dir: string; base: string | null } | null;
  /** The files of the agent's diff, in its order. */
  diffFiles(agent: string): Promise<string[]>;
  report(intent: Intent): void;
  /** A hook; a `before_` one answers the payload its handlers made (null: none ran). */
  emit(
    event: string,
    payload: Record<string, unknown>,
    subject: string | null,
  ): Promise<{ payload: unknown; cancelled: boolean; reason?: string } | null>;
  /** The review panel draws the agent's comments again. */
  marksChanged(agent: string): void;
  log(message: string): void;
}

/** A new comment: where (new-file lines, or old ones for removed lines), the snippet as shown, the remark. */
export interface NewComment {
  file: string;
  line: number;
  end: number;
  side: 'new' | 'old';
  snippet: string[];
  text: string;
}

const stateOf = (c: StoredComment): CommentFacts['state'] =>
  c.handled ? 'handled' : c.sent ? 'sent' : c.stale ? 'stale' : 'new';

export const factsOf = (c: StoredComment): CommentFacts => ({
  id: c.id,
  file: c.file,
  line: c.line,
  end: c.end,
  side: c.side,
  snippet: [...c.snippet],
  text: c.text,
  state: stateOf(c),
  created: c.created,
  ...(c.sent ? { sent: c.sent } : {}),
  ...(c.handled ? { handled: c.handled } : {}),
});

export class ReviewComments {
  /** By `name\0dir`. */
  private readonly files = new Map<string, CommentFile>();
  /** Agents whose comments were told to the state (by id), and with which file. */
  private readonly told = new Map<string, string>();

  constructor(private readonly host: ReviewCommentsHost) {}

  /** The agent's comments (loaded from the home the first time); null: no such agent. */
  private of(agent: string): { data: CommentFile; key: string } | null {
    const p = this.host.place(agent);
    if (!p) return null;
    const key = `${p.name}\0${p.dir}`;
    let data = this.files.get(key);
    if (!data) {
      data = loadComments(this.host.home, p.name, p.dir, (m) => this.host.log(m));
      this.files.set(key, data);
    }
    return { data, key };
  }

  /** The agent's comments as they are kept (without checking the files again). */
  list(agent: string): CommentFacts[] | null {
    const o = this.of(agent);
    if (!o) return null;
    this.tell(agent, o.key, o.data);
    return o.data.comments.map(factsOf);
  }

  /** The marks the review panel draws. */
  marks(agent: string): CommentMark[] {
    return (this.list(agent) ?? []).map((c) => ({
      id: c.id,
      file: c.file,
      end: c.end,
      side: c.side,
      text: c.text,
      status: c.state === 'new' ? '' : c.state,
    }));
  }

  /** Adds a comment (`review_comment_added` fires). */
  async add(agent: string, c: NewComment): Promise<CommentFacts> {
    const o = this.must(agent);
    const stored: StoredComment = {
      id: `c${o.data.next++}`,
      file: c.file,
      line: c.line,
      end: c.end,
      side: c.side,
      snippet: c.snippet,
      text: c.text,
      created: new Date().toISOString(),
    };
    o.data.comments.push(stored);
    this.changed(agent, o.key, o.data);
    const facts = factsOf(stored);
    void this.host.emit('review_comment_added', { agent: { id: agent }, comment: facts }, null);
    return facts;
  }

  /** Changes a comment's text, marks it handled (or not), or deletes it; answers it (deleted: as it was). */
  change(
    agent: string,
    id: string,
    what: { text?: string; handled?: boolean; remove?: boolean },
  ): CommentFacts {
    const o = this.must(agent);
    const at = o.data.comments.findIndex((c) => c.id === id);
    if (at < 0) throw new Error(`no comment ${id} on agent ${agent}'s changes`);
    const c = o.data.comments[at];
    if (what.remove) o.data.comments.splice(at, 1);
    else {
      if (what.text !== undefined) c.text = what.text;
      if (what.handled === true && !c.handled) {
        c.handled = new Date().toISOString();
        c.handled_by = 'user';
      } else if (what.handled === false) {
        delete c.handled;
        delete c.handled_by;
      }
    }
    this.changed(agent, o.key, o.data);
    return factsOf(c);
  }

  /**
   * Reads the files again: a comment not sent whose lines changed is stale, a sent one handled; lines
   * that moved take their comments along. Answers the comments.
   */
  async check(agent: string): Promise<CommentFacts[]> {
    const o = this.must(agent);
    const dir = this.host.place(agent)!.dir;
    const cache = new Map<string, Promise<string[] | null>>();
    let moved = false;
    for (const c of o.data.comments) {
      if (c.handled) continue;
      if (!cache.has(c.file)) cache.set(c.file, fileLines(dir, c.file));
      const found = findLines(c, await cache.get(c.file)!);
      if (found.is === 'moved') {
        c.end += found.line - c.line;
        c.line = found.line;
      }
      const stale = found.is === 'changed';
      if (stale && c.sent) {
        c.handled = new Date().toISOString();
        c.handled_by = 'changed';
        moved = true;
      } else if (!c.sent && !!c.stale !== stale) {
        c.stale = stale || undefined;
        if (!stale) delete c.stale;
        moved = true;
      }
      if (found.is === 'moved') moved = true;
    }
    if (moved) this.changed(agent, o.key, o.data);
    else this.tell(agent, o.key, o.data);
    return o.data.comments.map(factsOf);
  }

  /**
   * The prompt of every comment not sent yet (in the diff's order), with the header and footer
   * `before_review_send` set; null: none to send. `type` types it; then they are marked sent.
   */
  async send(
    agent: string,
    type: (text: string, multiline: string) => Promise<void>,
  ): Promise<{ comments: CommentFacts[]; text: string } | null> {
    await this.check(agent);
    const o = this.must(agent);
    const unsent = o.data.comments.filter((c) => !c.sent && !c.handled);
    if (unsent.length === 0) return null;
    const files = await this.host.diffFiles(agent).catch(() => []);
    const ordered = inDiffOrder(unsent.map(factsOf), files);
    const before = await this.host.emit(
      'before_review_send',
      { agent: { id: agent }, comments: ordered, header: '', footer: '', multiline: 'paste' },
      null,
    );
    if (before?.cancelled) throw new Error(`review send cancelled: ${before.reason ?? 'a hook said no'}`);
    const ev = (before?.payload ?? {}) as {
      header?: unknown;
      footer?: unknown;
      text?: unknown;
      multiline?: unknown;
    };
    const text =
      typeof ev.text === 'string' && ev.text
        ? ev.text
        : reviewPrompt(String(ev.header ?? ''), ordered, String(ev.footer ?? ''));
    await type(text, typeof ev.multiline === 'string' ? ev.multiline : 'paste');
    const at = new Date().toISOString();
    // A stale one is handled once its lines change from what they are as it goes.
    const dir = this.host.place(agent)?.dir;
    for (const c of unsent) {
      c.sent = at;
      if (c.stale && dir && c.side === 'new') {
        const lines = await fileLines(dir, c.file);
        if (lines) c.sent_lines = lines.slice(c.line - 1, c.end);
      }
    }
    this.changed(agent, o.key, o.data);
    const sent = unsent.map(factsOf);
    void this.host.emit('review_sent', { agent: { id: agent }, comments: sent, text }, null);
    return { comments: sent, text };
  }

  /**
   * The folder is gone (its worktree finished or discarded): its comments go, answered for the log
   * of the finish.
   */
  forget(agent: string): CommentFacts[] {
    const o = this.of(agent);
    if (!o) return [];
    const gone = o.data.comments.map(factsOf);
    o.data.comments = [];
    this.changed(agent, o.key, o.data);
    this.files.delete(o.key);
    return gone;
  }

  private must(agent: string): { data: CommentFile; key: string } {
    const o = this.of(agent);
    if (!o) throw new Error(`no agent ${agent}`);
    return o;
  }

  /** Kept in the home, told to the state, drawn again. */
  private changed(agent: string, key: string, data: CommentFile): void {
    try {
      saveComments(this.host.home, data);
    } catch (err) {
      this.host.log(`review comments of ${data.agent}: not saved: ${(err as Error).message}`);
    }
    this.told.delete(agent);
    this.tell(agent, key, data);
    this.host.marksChanged(agent);
  }

  private tell(agent: string, key: string, data: CommentFile): void {
    if (this.told.get(agent) === key) return;
    this.told.set(agent, key);
    this.host.report({ type: 'review_comments', agent, comments: data.comments.map(factsOf) });
  }
}
