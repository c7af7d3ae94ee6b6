import { Screen } from './screen.js';
import { PLAIN } from './cell-style.js';

// A frame as a caller that may not read some agents sees it: their panels (terminals, review
// diffs) blank, with a line saying why, the rest as drawn.

export interface PanelRect {
  agent: string;
  rect: { x: number; y: number; w: number; h: number };
}

const WHY = '(not yours to read)';

/**
 * A copy of `shown` with the panels of agents `hidden` names blanked, and their rows in agent lists
 * (`rows`: a click's targets) cut to their first line (the name and state; the lines under it are
 * what its screen asks); `shown` itself when nothing is hidden.
 */
export function blankPanels(
  shown: Screen,
  panels: readonly PanelRect[],
  hidden: (agent: string) => boolean,
  rows: readonly PanelRect[] = [],
): Screen {
  const blank = panels.filter((p) => hidden(p.agent.replace(/^diff:/, '')));
  const cut = rows.filter((r) => r.rect.h > 1 && hidden(r.agent));
  if (blank.length === 0 && cut.length === 0) return shown;
  const copy = new Screen(shown.width, shown.height);
  copy.copyFrom(shown);
  for (const { rect } of cut) copy.fillRect(rect.x, rect.y + 1, rect.w, rect.h - 1, PLAIN);
  for (const { rect } of blank) {
    copy.fillRect(rect.x, rect.y, rect.w, rect.h, PLAIN);
    if (rect.h > 0 && rect.w >= WHY.length)
      copy.writeText(
        rect.x + Math.floor((rect.w - WHY.length) / 2),
        rect.y + Math.floor(rect.h / 2),
        WHY,
        PLAIN,
      );
  }
  return copy;
}
