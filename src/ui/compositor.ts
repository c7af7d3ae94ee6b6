import { Screen } from './screen/screen.js';
import { SYNC_BEGIN, diffFrame, type CursorPlacement } from './frame-writer.js';
import type { ScrollBand } from './scroll-band.js';
import { movable, movePanel } from './paint/move-panel.js';
import { DisplayList, type SlotPlacement } from './paint/display-list.js';
import { paintTerminal, type PaintedRows } from './paint/paint-terminal.js';
import type { EchoRun, MovedRows, TerminalSource } from './paint/terminal-source.js';
import type { SlotInfo } from '../widgets/layout-registry.js';

/**
 * Turns the current display list plus the agents' live screens into a frame, and a frame into
 * the minimal bytes for the real terminal. Two screens are kept: the one on the terminal and the
 * one being composed.
 *
 * When only agents' screens changed since the last frame (same display list), and the sources say
 * which rows, the frame is the last one with just those rows of those panels painted again, and
 * only those rows are compared: a key's echo repaints one row, not the whole screen.
 */
export class Compositor {
  private list = new DisplayList<SlotInfo>();
  private shown: Screen | null = null;
  private next: Screen;
  /** Where the last frame left the terminal's cursor (a frame that changes nothing else and not that sends nothing). */
  private cursorShown: string | null = null;
  /** The same, when it is visible. */
  private cursorAt: { x: number; y: number } | null = null;
  /** The display list `shown` was composed from, and each agent's screen version in it. */
  private shownList: DisplayList<SlotInfo> | null = null;
  private readonly painted = new Map<string, number>();
  /** What each panel's rows on `shown` were painted from (a scroll copies the rows that moved). */
  private rowsOf = new Map<SlotPlacement<SlotInfo>, PaintedRows>();
  /** The cells the last repaint moved up (a panel's terminal scrolled): the diff may scroll them. */
  private band: ScrollBand | null = null;

  constructor(
    private width: number,
    private height: number,
    private readonly source: (agentId: string, slot?: SlotInfo) => TerminalSource | undefined,
  ) {
    this.next = new Screen(width, height);
  }

  setDisplayList(list: DisplayList<SlotInfo>): void {
    this.list = list;
  }

  /** The display list it paints from. */
  get displayList(): DisplayList<SlotInfo> {
    return this.list;
  }

  /**
   * The next frame is composed whole, its list the same or not (what its panels' sources show
   * changed without their terminals: a selection, a search, a scroll).
   */
  recompose(): void {
    this.shownList = null;
  }

  get slots(): SlotPlacement<SlotInfo>[] {
    return this.list.slots;
  }

  get targets(): Array<{ agent: string; rect: { x: number; y: number; w: number; h: number } }> {
    return this.list.targets;
  }

  resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    this.next = new Screen(width, height);
    this.shown = null; // the terminal's contents are unknown after a resize: repaint all
    this.cursorShown = null;
    this.cursorAt = null;
  }

  /** Resizes when the size differs (a client's terminal changed size): the next frame is whole. */
  fitTo(width: number, height: number): void {
    if (width !== this.width || height !== this.height) this.resize(width, height);
  }

  /** Forget what is on the terminal (e.g. after something else drew on it). */
  invalidate(): void {
    this.shown = null;
    this.cursorShown = null;
    this.cursorAt = null;
  }

  /** Runs the paint and diff paths once on a scratch screen, so the first real frame is not cold. */
  warmUp(): void {
    const a = new Screen(this.width, this.height);
    const b = new Screen(this.width, this.height);
    const style = { fg: 2, bg: -1, attrs: 1 };
    for (let y = 0; y < this.height; y++) b.writeText(0, y, `warm ${y} ╭─●✕ `.repeat(8), style);
    diffFrame(a, b, null);
    diffFrame(null, b, { x: 0, y: 0, visible: true });
  }

  compose(): Screen {
    const screen = this.next;
    screen.clear();
    const rowsOf = new Map<SlotPlacement<SlotInfo>, PaintedRows>();
    this.rowsOf = rowsOf;
    this.list.replay(screen, (p, s) => {
      const src = this.source(p.slot.agent, p.slot);
      if (!src) return;
      const kept: PaintedRows = { runs: [], scrolled: -1 };
      rowsOf.set(p, kept);
      paintTerminal(s, p.rect, p.clip, src, p.slot.scroll, 0, Infinity, p.slot.diff === undefined, kept);
    });
    return screen;
  }

  /** Composes a frame and returns the bytes that bring the terminal up to date ('' if none). */
  frame(focused: string | null): string {
    const rows = this.repaint();
    this.shownList = this.list;
    for (const p of this.list.slots) {
      const v = this.source(p.slot.agent, p.slot)?.version?.();
      if (v === undefined) this.painted.delete(p.slot.agent);
      else this.painted.set(p.slot.agent, v);
    }
    const cursor = this.cursorFor(focused);
    // Repainted in place: `next` holds those rows as they were.
    if (rows)
      return this.unlessOnlyCursorStayed(
        diffFrame(this.next, this.shown!, cursor, rows, this.cursorAt, this.band),
        cursor,
      );
    const screen = this.compose();
    const out = this.unlessOnlyCursorStayed(diffFrame(this.shown, screen, cursor), cursor);
    // Swap buffers: what we composed is now what is shown.
    const prev = this.shown;
    this.shown = screen;
    this.next =
      prev && prev.width === this.width && prev.height === this.height
        ? prev
        : new Screen(this.width, this.height);
    return out;
  }

  /**
   * A key's echo, drawn before its agent's terminal parsed it (see EchoRun): painted into the
   * shown frame where the panel shows the cursor, and the bytes that draw it returned ('' when
   * nothing changed). The frame drawn once it is parsed repaints that row from the terminal and
   * finds it the same, so it sends nothing for it (or corrects it). null: this frame cannot take
   * it so (no frame yet, the agent in no panel or in two, scrolled, covered, cut at an edge).
   */
  echo(agentId: string, focused: string | null, run: EchoRun): string | null {
    const shown = this.shown;
    if (!shown || this.shownList !== this.list) return null;
    let p: SlotPlacement<SlotInfo> | null = null;
    for (const s of this.list.slots) {
      if (s.slot.agent !== agentId) continue;
      if (p) return null;
      p = s;
    }
    if (!p || p.slot.scroll > 0 || p.slot.diff !== undefined || this.list.isCovered(p)) return null;
    const src = this.source(agentId, p.slot);
    if (!src) return null;
    const { rect, clip } = p;
    // The cells paintTerminal marks where a smaller panel cuts the terminal stay as they are.
    const cut = src.cols > rect.w || (run.y === rect.h - 1 && src.rows > rect.h) ? 1 : 0;
    if (run.y < 0 || run.y >= rect.h || run.x < 0 || run.x + run.width > rect.w - cut) return null;
    const x = rect.x + run.x;
    const y = rect.y + run.y;
    if (y < clip.y1 || y >= clip.y2 || x < clip.x1 || x + run.width > clip.x2) return null;
    // The row shows more than what it was painted from now.
    const kept = this.rowsOf.get(p);
    if (kept) kept.runs[run.y] = undefined;
    let cursor = this.cursorFor(focused);
    if (focused === agentId && cursor) {
      if (cursor.x !== x || cursor.y !== y) return null;
      cursor = { x: x + run.width, y, visible: cursor.visible && x + run.width < clip.x2 };
      const at = this.cursorAt;
      if (cursor.visible && at && at.x === x && at.y === y) {
        // Where the terminal's cursor stands, and it ends right after: the text alone (as
        // diffFrame's echo would find it, without comparing the row).
        shown.writeRun(x, y, run.text, run.width, run, clip);
        return this.unlessOnlyCursorStayed(shown.ansiRange(y, x, x + run.width - 1, false), cursor);
      }
    }
    this.next.copyRow(shown, y);
    shown.writeRun(x, y, run.text, run.width, run, clip);
    return this.unlessOnlyCursorStayed(diffFrame(this.next, shown, cursor, [y], this.cursorAt), cursor);
  }

  /** Nothing changed on this terminal and its cursor is where it was (another client's frame, say): ''. */
  private unlessOnlyCursorStayed(out: string, cursor: CursorPlacement | null): string {
    if (out === '') return out;
    const where = cursor && cursor.visible ? `${cursor.x},${cursor.y}` : 'hidden';
    const same = !out.startsWith(SYNC_BEGIN) && where === this.cursorShown;
    this.cursorShown = where;
    const inside =
      cursor && cursor.x >= 0 && cursor.y >= 0 && cursor.x < this.width && cursor.y < this.height;
    this.cursorAt = cursor && cursor.visible && inside ? { x: cursor.x, y: cursor.y } : null;
    return same ? '' : out;
  }

  /**
   * Paints the changed rows of the panels again, into the shown frame itself (their old contents
   * go to `next`, for the diff); returns those screen rows (ascending), or null (nothing done)
   * when a whole frame must be composed.
   */
  private repaint(): number[] | null {
    const shown = this.shown;
    if (!shown || this.shownList !== this.list || shown.width !== this.width || shown.height !== this.height)
      return null;
    const work: Array<{
      p: SlotPlacement<SlotInfo>;
      src: TerminalSource;
      start: number;
      end: number;
      move: MovedRows | null;
    }> = [];
    this.band = null;
    for (const p of this.list.slots) {
      const src = this.source(p.slot.agent, p.slot);
      const last = this.painted.get(p.slot.agent);
      if (!src || last === undefined || !src.version || !src.changedRows) return null;
      if (src.version() === last) continue;
      const changed = src.changedRows(last);
      if (changed === null) continue;
      if (changed === 'all' || p.slot.scroll > 0 || this.list.isCovered(p)) return null;
      work.push({ p, src, start: changed.start, end: changed.end, move: movable(shown, p, src, last) });
    }
    // (a key's echo: one panel, one row: no set or spread for it; panels may share rows)
    const rows = work.length > 1 ? new Set<number>() : null;
    let sorted: number[] = [];
    for (const { p, start, end } of work) {
      for (let y = start; y <= end; y++) {
        const row = p.rect.y + y;
        if (row < p.clip.y1 || row >= p.clip.y2) continue;
        if (rows) rows.add(row);
        else sorted.push(row);
      }
    }
    if (rows) sorted = [...rows].sort((a, b) => a - b);
    for (const y of sorted) this.next.copyRow(shown, y);
    for (const { p, src, start, end, move } of work) {
      const kept = this.rowsOf.get(p);
      if (move) {
        // The rows the terminal moved are moved here too; only those written are painted.
        const moved = movePanel(shown, p, src, move, kept);
        if (!this.band || this.band.bottom - this.band.top < moved.band.bottom - moved.band.top)
          this.band = moved.band;
        paintTerminal(shown, p.rect, p.clip, src, p.slot.scroll, moved.start, moved.end, true, kept);
        continue;
      }
      paintTerminal(
        shown,
        p.rect,
        p.clip,
        src,
        p.slot.scroll,
        start,
        end,
        p.slot.diff === undefined,
        kept,
        this.next,
      );
    }
    return sorted;
  }

  /** The last frame shown (or composed), for snapshots. */
  current(): Screen {
    return this.shown ?? this.compose();
  }

  private cursorFor(focused: string | null): CursorPlacement | null {
    if (focused === null) return null;
    const p = this.list.slots.find((s) => s.slot.agent === focused);
    if (!p || !p.slot.cursor || p.slot.scroll > 0) return null;
    const src = this.source(focused);
    if (!src) return null;
    const c = src.cursor();
    const x = p.rect.x + c.x;
    const y = p.rect.y + c.y;
    const inside = x >= p.clip.x1 && x < p.clip.x2 && y >= p.clip.y1 && y < p.clip.y2;
    return { x, y, visible: c.visible && inside };
  }
}
