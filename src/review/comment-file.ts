// Review comments kept in the home, one file per agent and folder ($BOTSTER_HOME/review/), written
// whole or not at all on every change: a restart, an upgrade or a kill -9 of the server loses none.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeAtomic } from '../lifecycle/session-file.js';

/** A comment as it is kept. */
export interface StoredComment {
  id: string;
  file: string;
  line: number;
  end: number;
  side: 'new' | 'old';
  snippet: string[];
  text: string;
  created: string;
  /** Not sent yet, and its lines changed since it was made. */
  stale?: boolean;
  sent?: string;
  /** A comment sent stale: its lines as they were when it went (what the agent's change is seen against). */
  sent_lines?: string[];
  handled?: string;
  /** Who handled it: its lines changed after it was sent, or you marked it. */
  handled_by?: 'changed' | 'user';
}

/** One agent's comments on one folder. */
export interface CommentFile {
  version: 1;
  /** The agent's name (its id changes when it is started again; its name does not). */
  agent: string;
  dir: string;
  /** The next comment's number. */
  next: number;
  comments: StoredComment[];
}

export const reviewDir = (home: string) => path.join(home, 'review');

/** The file of an agent's comments on a folder. */
export function commentPath(home: string, agent: string, dir: string): string {
  const h = crypto.createHash('sha256').update(`${agent}\0${dir}`).digest('hex').slice(0, 16);
  return path.join(reviewDir(home), `${h}.json`);
}

/** The comments kept (an empty set when there is no file; a damaged one is set aside and said). */
export function loadComments(
  home: string,
  agent: string,
  dir: string,
  warn: (msg: string) => void,
): CommentFile {
  const file = commentPath(home, agent, dir);
  const empty: CommentFile = { version: 1, agent, dir, next: 1, comments: [] };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return empty;
  }
  try {
    const data = JSON.parse(text) as CommentFile;
    if (!Array.isArray(data.comments)) throw new Error('no comments list');
    // A comment kept before comments said their side is on the file's lines now (as it was drawn).
    const comments = data.comments.map((c) => ({
      ...c,
      side: c.side === 'old' ? ('old' as const) : ('new' as const),
    }));
    return { ...empty, next: Number(data.next) || data.comments.length + 1, comments };
  } catch (err) {
    const aside = `${file}.damaged`;
    warn(`${file}: ${(err as Error).message}: set aside as ${aside}`);
    try {
      fs.renameSync(file, aside);
    } catch {
      // gone meanwhile
    }
    return empty;
  }
}

/** Writes them (no comments: no file). */
export function saveComments(home: string, data: CommentFile): void {
  const file = commentPath(home, data.agent, data.dir);
  if (data.comments.length === 0) return fs.rmSync(file, { force: true });
  writeAtomic(file, data);
}
