import type { Clip } from '../screen/screen.js';
import type { Rect } from './display-list.js';

/**
 * The cells of a terminal panel that can show on screen, counted from its top-left corner (where
 * the painter starts): a PTY sized to this never has columns or rows nobody can see, whatever
 * size the layout asked for.
 */
export function visibleSize(p: { rect: Rect; clip: Clip }): { cols: number; rows: number } {
  return {
    cols: Math.max(0, Math.min(p.rect.w, p.clip.x2 - p.rect.x)),
    rows: Math.max(0, Math.min(p.rect.h, p.clip.y2 - p.rect.y)),
  };
}
