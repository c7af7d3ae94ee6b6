import type { WidgetNode } from '../tree/types.js';
import { Compositor } from '../ui/compositor.js';
import type { DisplayList } from '../ui/paint/display-list.js';
import type { TerminalSource } from '../ui/paint/terminal-source.js';
import type { SlotInfo } from '../widgets/layout-registry.js';

/**
 * What one client's frame needs between frames: the last tree Lua rendered for its view, its
 * display list, and what its terminal shows (the compositor's diff state). A client that attaches
 * gets a fresh one, so its first frame is whole.
 */
export class ClientFrame {
  treeDirty = true;
  layoutDirty = false;
  /** Counts trees taken: a render that was on its way while a newer tree came in is dropped. */
  treeSeq = 0;
  /** Counts layouts (the PTYs follow the panels of the served client's latest one). */
  layoutSeq = 0;
  /** The client stopped reading and a frame was dropped: nothing is drawn for it until it drains. */
  stalled = false;
  /** Its client detached. */
  gone = false;
  /** What besides the tree its last layout's panels were painted with (see HubFrame.layout). */
  paintedWith: unknown[] | null = null;
  readonly compositor: Compositor;

  constructor(
    /** The view it draws: a client id, '' for the view of no client. */
    public key: string,
    cols: number,
    rows: number,
    source: (agentId: string, slot?: SlotInfo) => TerminalSource | undefined,
    public lastGoodTree: WidgetNode | null = null,
  ) {
    this.compositor = new Compositor(cols, rows, source);
  }

  /**
   * Takes a layout's display list. The same list as before (the same tree laid out again): the next
   * frame may repaint only what changed, unless what its panels show changed beside their
   * terminals (`paintedWith`: a selection, the focus, the mode, a search, a scroll).
   */
  takeList(list: DisplayList<SlotInfo>, paintedWith: unknown[]): void {
    const before = this.compositor.displayList;
    this.compositor.setDisplayList(list);
    if (list === before && !this.paintedWith?.every((v, i) => v === paintedWith[i]))
      this.compositor.recompose();
    this.paintedWith = paintedWith;
  }

  dirtyTree(): void {
    this.treeDirty = true;
  }

  /** Its terminal's contents are unknown (it attached, resumed, or frames were dropped): paint all next time. */
  invalidate(): void {
    this.stalled = false;
    this.compositor.invalidate();
  }
}
