import React from 'react';
import { PassThrough, Writable } from 'node:stream';
import { Box, render, type DOMElement, type Instance } from 'ink';
import { textWidth as stringWidth } from './screen/text-width.js';
import Yoga, { type Edge } from 'yoga-layout';
import chalk from 'chalk';
import type { WidgetNode } from '../tree/types.js';
import { Frame } from './TreeView.js';
import { shareSubtrees } from '../tree/share-subtrees.js';
import {
  LayoutContext,
  LayoutRegistry,
  ListSpaceContext,
  type SlotInfo,
} from '../widgets/layout-registry.js';
import { buildDisplayList, type DisplayList } from './paint/display-list.js';
import { dropReactTimings } from './react-timings.js';

// Ink's Text styles go through chalk; the painter parses its SGR output, so chalk must always
// emit colours whatever the process's stdout is (a pipe in tests, CI, snapshot).
chalk.level = 3;

class NullStdout extends Writable {
  columns: number;
  rows: number;
  readonly isTTY = false;
  constructor(columns: number, rows: number) {
    super();
    this.columns = columns;
    this.rows = rows;
  }
  override _write(_chunk: unknown, _enc: BufferEncoding, cb: () => void): void {
    cb();
  }
}

/** The inside of a laid-out box: what its border and padding leave. */
function insideOf(box: DOMElement): { lines: number; cols: number } | null {
  const yoga = box.yogaNode;
  if (!yoga) return null;
  const inset = (a: Edge, b: Edge) =>
    yoga.getComputedBorder(a) +
    yoga.getComputedPadding(a) +
    yoga.getComputedBorder(b) +
    yoga.getComputedPadding(b);
  return {
    lines: yoga.getComputedHeight() - inset(Yoga.EDGE_TOP, Yoga.EDGE_BOTTOM),
    cols: yoga.getComputedWidth() - inset(Yoga.EDGE_LEFT, Yoga.EDGE_RIGHT),
  };
}

/**
 * React + Ink (yoga) lay the widget tree out; we skip Ink's own output stage (it costs ~3 ms per
 * 120x40 frame, per cell) and turn the laid-out DOM into a display list instead.
 */
export class FrameRenderer {
  private width: number;
  private height: number;
  private readonly stdout: NullStdout;
  private readonly registry = new LayoutRegistry();
  private instance: Instance | null = null;
  private root: DOMElement | null = null;
  private lastTree: WidgetNode | null = null;
  /** The display list the last tree was laid out into, and at what size. */
  private last: { list: DisplayList<SlotInfo>; width: number; height: number } | null = null;
  /** Bumped when a list's box was measured anew (see LayoutRegistry.measureLists). */
  private listSpace = 0;

  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
    this.stdout = new NullStdout(width, height);
  }

  get size(): { width: number; height: number } {
    return { width: this.width, height: this.height };
  }

  resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    this.stdout.columns = width;
    this.stdout.rows = height;
  }

  /**
   * Mounts Ink with an empty frame so its root can be taken over before any real tree (Ink's own
   * output stage would otherwise run once, slowly), and warms the width tables. Call it while
   * waiting for something else.
   */
  warmUp(): void {
    if (this.instance) return;
    const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
    this.instance = render(<Box ref={this.captureRoot} />, {
      stdout: this.stdout as unknown as NodeJS.WriteStream,
      stdin,
      debug: true,
      exitOnCtrlC: false,
      patchConsole: false,
    });
    stringWidth('╭─●✕日');
  }

  /** Lays the tree out at the current size and returns what to paint. */
  /**
   * `share`: the list may be the last one, when the tree is the same (the caller changes no list it
   * is given: withoutColors changes it in place).
   */
  render(next: WidgetNode, share = false): DisplayList<SlotInfo> {
    // What did not change keeps its object: React skips it (TreeView is memoized).
    const tree = shareSubtrees(this.lastTree, next);
    // The same tree at the same size lays out the same (widgets draw from the tree alone): the same
    // list, so the compositor's next frame may still move a scrolled panel's rows (a draft line's
    // fact changing at each Enter rendered the tree again, and every row was written anew).
    const last = this.last;
    if (share && tree === this.lastTree && last && last.width === this.width && last.height === this.height)
      return last.list;
    this.lastTree = tree;
    this.warmUp();
    const inkRoot = this.layout(tree);
    // A list draws the window its box's height allows, known only once laid out: a box that
    // changed height (first frame, a resize, a panel opened beside it) draws its lists again.
    if (this.registry.measureLists(insideOf)) {
      this.listSpace++;
      this.layout(tree);
    }
    const list = buildDisplayList(
      inkRoot,
      this.registry.slots,
      this.width,
      this.height,
      this.registry.targets,
      this.registry.scrolls,
    );
    this.last = share ? { list, width: this.width, height: this.height } : null;
    return list;
  }

  private layout(tree: WidgetNode): DOMElement {
    this.instance!.rerender(
      <LayoutContext.Provider value={this.registry}>
        <ListSpaceContext.Provider value={this.listSpace}>
          <Frame node={tree} width={this.width} height={this.height} rootRef={this.captureRoot} />
        </ListSpaceContext.Provider>
      </LayoutContext.Provider>,
    );
    dropReactTimings();
    const inkRoot = this.root?.parentNode;
    if (!inkRoot) throw new Error('Ink did not mount the frame');
    this.applyLimits(inkRoot);
    return inkRoot;
  }

  rerender(): DisplayList<SlotInfo> | null {
    this.last = null;
    return this.lastTree ? this.render(this.lastTree) : null;
  }

  dispose(): void {
    this.instance?.unmount();
    this.instance = null;
  }

  private captureRoot = (el: DOMElement | null): void => {
    if (!el) return;
    this.root = el;
    // Ink's root calls onRender after every commit; ours paints on demand instead.
    if (el.parentNode) el.parentNode.onRender = () => {};
  };

  private applyLimits(inkRoot: DOMElement): void {
    if (this.registry.limits.size === 0) return;
    for (const [el, lim] of this.registry.limits) {
      if (lim.maxWidth !== undefined) el.yogaNode?.setMaxWidth(lim.maxWidth as number);
      if (lim.maxHeight !== undefined) el.yogaNode?.setMaxHeight(lim.maxHeight as number);
    }
    inkRoot.yogaNode?.setWidth(this.width);
    inkRoot.yogaNode?.calculateLayout(undefined, undefined, Yoga.DIRECTION_LTR);
  }
}
