import { Screen } from './screen/screen.js';
import { SYNC_BEGIN, diffFrame, type CursorPlacement } from './frame-writer.js';
import { DisplayList, type SlotPlacement } from './paint/display-list.js';
import { paintTerminal } from './paint/paint-terminal.js';
import type { TerminalSource } from './paint/terminal-source.js';
import type { SlotInfo } from './layout-registry.js';

/**
 * Turns the current display list plus the agents' live screens into a frame, and a frame into
 * the minimal bytes for the real terminal. Two screens are kept: the one on the terminal and the
 * one being composed.
 */
export class Compositor {
  private list = new DisplayList<SlotInfo>();
  private shown: Screen | null = null;
  private next: Screen;
  /** Where the last frame left the terminal's cursor (a frame that changes nothing else and not that sends nothing). */
  private cursorShown: string | null = null;

  constructor(
    private width: number,
    private height: number,
    private readonly source: (agentId: string) => TerminalSource | undefined,
  ) {
    this.next = new Screen(width, height);
  }

  setDisplayList(list: DisplayList<SlotInfo>): void {
    this.list = list;
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
  }

  /** Resizes when the size differs (a client's terminal changed size): the next frame is whole. */
  fitTo(width: number, height: number): void {
    if (width !== this.width || height !== this.height) this.resize(width, height);
  }

  /** Forget what is on the terminal (e.g. after something else drew on it). */
  invalidate(): void {
    this.shown = null;
    this.cursorShown = null;
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
    this.list.replay(screen, (p, s) => {
      const src = this.source(p.slot.agent);
      if (src) paintTerminal(s, p.rect, p.clip, src, p.slot.scroll);
    });
    return screen;
  }

  /** Composes a frame and returns the bytes that bring the terminal up to date ('' if none). */
  frame(focused: string | null): string {
    const screen = this.compose();
    const cursor = this.cursorFor(focused);
    let out = diffFrame(this.shown, screen, cursor);
    if (out !== '') {
      const where = cursor && cursor.visible ? `${cursor.x},${cursor.y}` : 'hidden';
      // Nothing changed on this terminal and its cursor is where it was (another client's frame, say).
      if (!out.startsWith(SYNC_BEGIN) && where === this.cursorShown) out = '';
      this.cursorShown = where;
    }
    // Swap buffers: what we composed is now what is shown.
    const prev = this.shown;
    this.shown = screen;
    this.next = prev && prev.width === this.width && prev.height === this.height ? prev : new Screen(this.width, this.height);
    return out;
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
