import type { DOMElement } from 'ink';
import Yoga from 'yoga-layout';
import cliBoxes from 'cli-boxes';
import cliTruncate from 'cli-truncate';
import { textWidth as stringWidth } from '../screen/text-width.js';
import { measureText, wrapText } from './text-measure.js';
import { DIM, PLAIN, type CellStyle } from '../screen/cell-style.js';
import { parseSgrLine, type StyledSegment } from '../screen/parse-sgr.js';
import type { Clip, Screen } from '../screen/screen.js';
import { inkColorToCell } from './ink-color.js';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface SlotPlacement<S> {
  slot: S;
  rect: Rect; // content box (inside border and padding)
  clip: Clip;
}

type Op<S> =
  | { kind: 'text'; x: number; y: number; segments: StyledSegment[]; clip: Clip }
  | { kind: 'slot'; placement: SlotPlacement<S> };

/**
 * The painted form of one laid-out Ink tree: text runs at absolute positions plus "slots" where
 * terminal panels go, in paint order so later nodes (overlays) cover earlier ones. Built once per
 * tree change; replayed every frame, which is far cheaper than Ink's own per-cell Output stage.
 */
export class DisplayList<S> {
  readonly ops: Op<S>[] = [];
  readonly slots: SlotPlacement<S>[] = [];
  /** Where a click focuses an agent (agent list rows), in screen cells. */
  readonly targets: Array<{ agent: string; rect: Rect }> = [];

  private covered: Set<SlotPlacement<S>> | null = null;

  /** Whether something painted after this slot (an overlay) may cover part of it. */
  isCovered(placement: SlotPlacement<S>): boolean {
    if (!this.covered) {
      this.covered = new Set();
      const seen: SlotPlacement<S>[] = [];
      for (const op of this.ops) {
        const box = op.kind === 'slot' ? op.placement.rect : textBox(op);
        for (const p of seen) if (overlaps(p.rect, box)) this.covered.add(p);
        if (op.kind === 'slot') seen.push(op.placement);
      }
    }
    return this.covered.has(placement);
  }

  replay(screen: Screen, paintSlot: (placement: SlotPlacement<S>, screen: Screen) => void): void {
    for (const op of this.ops) {
      if (op.kind === 'slot') {
        paintSlot(op.placement, screen);
        continue;
      }
      let x = op.x;
      for (const seg of op.segments) x = screen.writeText(x, op.y, seg.text, seg.style, op.clip);
    }
  }
}

function textBox(op: { x: number; y: number; segments: StyledSegment[]; clip: Clip }): Rect {
  let w = 0;
  for (const seg of op.segments) w += stringWidth(seg.text);
  const x1 = Math.max(op.x, op.clip.x1);
  return {
    x: x1,
    y: op.y,
    w: Math.min(op.x + w, op.clip.x2) - x1,
    h: op.y >= op.clip.y1 && op.y < op.clip.y2 ? 1 : 0,
  };
}

function overlaps(a: Rect, b: Rect): boolean {
  return (
    a.w > 0 &&
    a.h > 0 &&
    b.w > 0 &&
    b.h > 0 &&
    a.x < b.x + b.w &&
    b.x < a.x + a.w &&
    a.y < b.y + b.h &&
    b.y < a.y + a.h
  );
}

type Transformer = (s: string, index: number) => string;

/** Walks Ink's DOM after layout, mirroring Ink's render-node-to-output, into a display list. */
export function buildDisplayList<S>(
  root: DOMElement,
  slots: Map<DOMElement, S>,
  width: number,
  height: number,
  targets?: Map<DOMElement, { agent: string }>,
  scrolls?: Map<DOMElement, number>,
): DisplayList<S> {
  const list = new DisplayList<S>();
  const full: Clip = { x1: 0, y1: 0, x2: width, y2: height };
  walk(root, 0, 0, [], full, list, slots, targets, scrolls);
  return list;
}

function walk<S>(
  node: DOMElement,
  offsetX: number,
  offsetY: number,
  transformers: Transformer[],
  clip: Clip,
  list: DisplayList<S>,
  slots: Map<DOMElement, S>,
  targets?: Map<DOMElement, { agent: string }>,
  scrolls?: Map<DOMElement, number>,
): void {
  const yoga = node.yogaNode;
  if (!yoga || yoga.getDisplay() === Yoga.DISPLAY_NONE) return;
  const x = offsetX + yoga.getComputedLeft();
  // Scrolled content is painted up by its offset (its box clips what moved out).
  const y = offsetY + yoga.getComputedTop() - (scrolls?.get(node) ?? 0);
  const chain =
    typeof node.internal_transform === 'function'
      ? [node.internal_transform as Transformer, ...transformers]
      : transformers;

  if (node.nodeName === 'ink-text') {
    paintText(node, x, y, chain, clip, list);
    return;
  }
  let innerClip = clip;
  if (node.nodeName === 'ink-box') {
    paintBackground(node, x, y, clip, list);
    paintBorder(node, x, y, clip, list);
    const s = node.style;
    const hideX = s.overflowX === 'hidden' || s.overflow === 'hidden';
    const hideY = s.overflowY === 'hidden' || s.overflow === 'hidden';
    if (hideX || hideY) {
      innerClip = intersect(clip, {
        x1: hideX ? x + yoga.getComputedBorder(Yoga.EDGE_LEFT) : clip.x1,
        x2: hideX ? x + yoga.getComputedWidth() - yoga.getComputedBorder(Yoga.EDGE_RIGHT) : clip.x2,
        y1: hideY ? y + yoga.getComputedBorder(Yoga.EDGE_TOP) : clip.y1,
        y2: hideY ? y + yoga.getComputedHeight() - yoga.getComputedBorder(Yoga.EDGE_BOTTOM) : clip.y2,
      });
    }
    const target = targets?.get(node);
    if (target) {
      // Only what shows can be clicked (a list's rows scrolled or cut away are not).
      const c = intersect(clip, {
        x1: x,
        y1: y,
        x2: x + yoga.getComputedWidth(),
        y2: y + yoga.getComputedHeight(),
      });
      if (c.x2 > c.x1 && c.y2 > c.y1)
        list.targets.push({
          agent: target.agent,
          rect: { x: c.x1, y: c.y1, w: c.x2 - c.x1, h: c.y2 - c.y1 },
        });
    }
    const slot = slots.get(node);
    if (slot !== undefined) {
      const left = yoga.getComputedBorder(Yoga.EDGE_LEFT) + yoga.getComputedPadding(Yoga.EDGE_LEFT);
      const top = yoga.getComputedBorder(Yoga.EDGE_TOP) + yoga.getComputedPadding(Yoga.EDGE_TOP);
      const right = yoga.getComputedBorder(Yoga.EDGE_RIGHT) + yoga.getComputedPadding(Yoga.EDGE_RIGHT);
      const bottom = yoga.getComputedBorder(Yoga.EDGE_BOTTOM) + yoga.getComputedPadding(Yoga.EDGE_BOTTOM);
      const rect = {
        x: x + left,
        y: y + top,
        w: Math.max(0, yoga.getComputedWidth() - left - right),
        h: Math.max(0, yoga.getComputedHeight() - top - bottom),
      };
      const placement = {
        slot,
        rect,
        clip: intersect(clip, { x1: rect.x, y1: rect.y, x2: rect.x + rect.w, y2: rect.y + rect.h }),
      };
      list.slots.push(placement);
      list.ops.push({ kind: 'slot', placement });
    }
  }
  for (const child of node.childNodes) {
    if (child.nodeName !== '#text')
      walk(child as DOMElement, x, y, chain, innerClip, list, slots, targets, scrolls);
  }
}

function intersect(a: Clip, b: Clip): Clip {
  return {
    x1: Math.max(a.x1, b.x1),
    y1: Math.max(a.y1, b.y1),
    x2: Math.min(a.x2, b.x2),
    y2: Math.min(a.y2, b.y2),
  };
}

function squash(node: DOMElement): string {
  let text = '';
  node.childNodes.forEach((child, index) => {
    if (child.nodeName === '#text') {
      text += child.nodeValue;
      return;
    }
    const el = child as DOMElement;
    let t = el.nodeName === 'ink-text' || el.nodeName === 'ink-virtual-text' ? squash(el) : '';
    if (t.length > 0 && typeof el.internal_transform === 'function')
      t = (el.internal_transform as Transformer)(t, index);
    text += t;
  });
  return text;
}

function paintText<S>(
  node: DOMElement,
  x: number,
  y: number,
  chain: Transformer[],
  clip: Clip,
  list: DisplayList<S>,
): void {
  let text = squash(node);
  if (text.length === 0) return;
  const yoga = node.yogaNode!;
  const own =
    yoga.getComputedWidth() -
    yoga.getComputedPadding(Yoga.EDGE_LEFT) -
    yoga.getComputedPadding(Yoga.EDGE_RIGHT) -
    yoga.getComputedBorder(Yoga.EDGE_LEFT) -
    yoga.getComputedBorder(Yoga.EDGE_RIGHT);
  // yoga can size a text wider than its box (a squeezed status bar part): wrap or truncate to
  // what the box shows, so the "…" is on screen instead of cut off by the box's edge
  const maxWidth = Math.min(own, roomInParent(node));
  if (measureText(text).width > maxWidth)
    text = wrapText(text, maxWidth, (node.style.textWrap as string | undefined) ?? 'wrap');
  let lines = text.split('\n');
  // More lines than the text was given (max_height), or than its box kept (yoga shrank it, maybe
  // to nothing): the last one shown ends with "…", and nothing is drawn over what comes below (a
  // notice squeezed by a long agent list never runs into the status bar).
  const rows = Math.min(Math.round(yoga.getComputedHeight()), roomBelowInParent(node));
  if (lines.length > rows) {
    lines = lines.slice(0, Math.max(0, rows));
    if (rows > 0) lines[rows - 1] = withEllipsis(lines[rows - 1], maxWidth);
  }
  lines.forEach((raw, index) => {
    let line = raw;
    for (const t of chain) line = t(line, index);
    const row = y + index;
    if (row < clip.y1 || row >= clip.y2) return;
    list.ops.push({ kind: 'text', x, y: row, segments: parseSgrLine(line, PLAIN), clip });
  });
}

function paintBackground<S>(node: DOMElement, x: number, y: number, clip: Clip, list: DisplayList<S>): void {
  const s = node.style;
  if (!s.backgroundColor) return;
  const yoga = node.yogaNode!;
  const l = s.borderStyle && s.borderLeft !== false ? 1 : 0;
  const r = s.borderStyle && s.borderRight !== false ? 1 : 0;
  const t = s.borderStyle && s.borderTop !== false ? 1 : 0;
  const b = s.borderStyle && s.borderBottom !== false ? 1 : 0;
  const w = yoga.getComputedWidth() - l - r;
  const h = yoga.getComputedHeight() - t - b;
  if (w <= 0 || h <= 0) return;
  const style: CellStyle = { ...PLAIN, bg: inkColorToCell(s.backgroundColor as string) };
  const blank = ' '.repeat(w);
  for (let row = 0; row < h; row++) {
    list.ops.push({ kind: 'text', x: x + l, y: y + t + row, segments: [{ text: blank, style }], clip });
  }
}

interface BoxChars {
  topLeft: string;
  top: string;
  topRight: string;
  right: string;
  bottomRight: string;
  bottom: string;
  bottomLeft: string;
  left: string;
}

function paintBorder<S>(node: DOMElement, x: number, y: number, clip: Clip, list: DisplayList<S>): void {
  const s = node.style;
  if (!s.borderStyle) return;
  const box: BoxChars =
    typeof s.borderStyle === 'string'
      ? (cliBoxes as unknown as Record<string, BoxChars>)[s.borderStyle]
      : (s.borderStyle as BoxChars);
  if (!box) return;
  const yoga = node.yogaNode!;
  const width = yoga.getComputedWidth();
  const height = yoga.getComputedHeight();
  const edge = (color: unknown, dim: unknown): CellStyle => ({
    fg: inkColorToCell((color ?? s.borderColor) as string | undefined),
    bg: PLAIN.bg,
    attrs: (dim ?? s.borderDimColor) ? DIM : 0,
  });
  const top = edge(s.borderTopColor, s.borderTopDimColor);
  const bottom = edge(s.borderBottomColor, s.borderBottomDimColor);
  const left = edge(s.borderLeftColor, s.borderLeftDimColor);
  const right = edge(s.borderRightColor, s.borderRightDimColor);
  const showTop = s.borderTop !== false;
  const showBottom = s.borderBottom !== false;
  const showLeft = s.borderLeft !== false;
  const showRight = s.borderRight !== false;
  const contentWidth = Math.max(0, width - (showLeft ? 1 : 0) - (showRight ? 1 : 0));
  const push = (px: number, py: number, text: string, style: CellStyle) =>
    list.ops.push({ kind: 'text', x: px, y: py, segments: [{ text, style }], clip });
  if (showTop)
    push(
      x,
      y,
      (showLeft ? box.topLeft : '') + box.top.repeat(contentWidth) + (showRight ? box.topRight : ''),
      top,
    );
  const from = showTop ? 1 : 0;
  const to = height - (showBottom ? 1 : 0);
  for (let row = from; row < to; row++) {
    if (showLeft) push(x, y + row, box.left, left);
    if (showRight) push(x + width - 1, y + row, box.right, right);
  }
  if (showBottom)
    push(
      x,
      y + height - 1,
      (showLeft ? box.bottomLeft : '') + box.bottom.repeat(contentWidth) + (showRight ? box.bottomRight : ''),
      bottom,
    );
}

/** Columns from a text's left edge to its parent box's inner right edge. */
function roomInParent(node: DOMElement): number {
  const parent = node.parentNode?.yogaNode;
  if (!parent) return Infinity;
  const inner =
    parent.getComputedWidth() -
    parent.getComputedPadding(Yoga.EDGE_RIGHT) -
    parent.getComputedBorder(Yoga.EDGE_RIGHT);
  return Math.max(0, inner - node.yogaNode!.getComputedLeft());
}

/** The rows a child has from its top to the bottom of its parent's inside. */
function roomBelowInParent(node: DOMElement): number {
  const parent = node.parentNode?.yogaNode;
  if (!parent) return Infinity;
  const inner =
    parent.getComputedHeight() -
    parent.getComputedPadding(Yoga.EDGE_BOTTOM) -
    parent.getComputedBorder(Yoga.EDGE_BOTTOM);
  return Math.max(0, Math.round(inner - node.yogaNode!.getComputedTop()));
}

/** A line cut to make room for a trailing "…" (styles kept). */
function withEllipsis(line: string, width: number): string {
  if (width <= 0) return '';
  if (stringWidth(line.replace(/\x1b\[[0-9;]*m/g, '')) < width) return `${line}…`;
  // one more character makes it too wide, so cli-truncate always ends it with its "…"
  return cliTruncate(`${line}.`, width, { position: 'end' });
}
