// What the review_* verbs need of the hub (ControlDeps.review), filled by the composition root.
import type { ReviewComments } from './review-comments.js';
import type { ReviewPlace } from './review-at.js';

export interface ReviewPort {
  comments: Pick<ReviewComments, 'list' | 'add' | 'change' | 'check' | 'send'>;
  /**
   * Where the served client's review panel on `agent` points: its line selection, else the line at
   * its top (`place` null: not a line of a hunk), and the comment drawn there. Throws why not (no
   * panel on that agent, no diff yet).
   */
  at(agent: string): { place: ReviewPlace | null; comment: string | null };
  /** The line selection in the served client's review panel on `agent` ends (it was commented). */
  endSelection(agent: string): void;
  /**
   * A file's lines in the agent's folder as a comment's snippet (`+` before those its diff adds), the
   * file relative to the folder; side old: the diff's removed lines (old-file numbers).
   */
  snippet(
    agent: string,
    file: string,
    line: number,
    end: number,
    side?: 'new' | 'old',
  ): Promise<{ file: string; snippet: string[] }>;
  /** settings.review_busy. */
  busy(): 'ask' | 'wait';
}
