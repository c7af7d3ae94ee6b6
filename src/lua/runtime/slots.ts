// The layout's named slots and what a piece's output must be to show in one: text slots take text
// cut to a width, widget slots take a widget kept to a height. These limits are the safety net
// that keeps any piece from taking over the screen, whatever the policy let through.
import { TreeError, treeErrors } from '../../widgets/validate-tree.js';
import { spans as toSpans } from '../../tree/read-text.js';
import { eastAsianWidth } from 'get-east-asian-width';
import type { Span } from '../../tree/types.js';

/** A piece as the hub knows it: which slot, its name, order and where it was registered. */
export interface PieceInfo {
  slot: string;
  name: string;
  order: number;
  source: string;
  /** The improvement it belongs to (absent: the configuration's own files). */
  owner?: string;
}

export interface SlotDef {
  kind: 'text' | 'widget';
  /** Text slots: cells per piece. */
  width?: number;
  /** Widget slots: rows per piece. */
  height?: number;
  /** ctx.agent is set: the slot is drawn once per agent (rows, panel titles). */
  per_agent?: boolean;
  desc: string;
}

export const SLOTS: Record<string, SlotDef> = {
  'header.left': { kind: 'text', width: 40, desc: 'the header, after the title' },
  'header.right': { kind: 'text', width: 40, desc: 'the header, at its right end' },
  'status.left': { kind: 'text', width: 40, desc: 'the status bar, after the mode and agent count' },
  'status.right': { kind: 'text', width: 40, desc: 'the status bar, before the key hint' },
  'agent_list.row': {
    kind: 'text',
    width: 20,
    per_agent: true,
    desc: "the end of each agent's row in the agent list",
  },
  'panel.title': {
    kind: 'text',
    width: 30,
    per_agent: true,
    desc: "the title of a terminal panel, after the agent's name",
  },
  sidebar: {
    kind: 'widget',
    height: 12,
    desc: 'a panel below the agent list (shown only when a piece fills it)',
  },
};

/** A slot no layout the hub ships places: a user's layout may (ui.slot("my.slot")). */
export const OTHER_SLOT: SlotDef = { kind: 'widget', height: 10, desc: 'a slot of your own layout' };

export function slotDef(name: string): SlotDef {
  return Object.prototype.hasOwnProperty.call(SLOTS, name) ? SLOTS[name] : OTHER_SLOT;
}

/** What a piece returned, ready for its slot: spans (text slots) or a widget (as Lua builds them). */
export type PieceOutput =
  | { kind: 'text'; spans: Span[]; width: number }
  | { kind: 'widget'; node: Record<string, unknown>; height: number }
  | { kind: 'none' };

/** A piece's output that no slot can show, with why. */
export class PieceOutputError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (isObject(v)) return typeof v.type === 'string' ? `a ui.${v.type}` : 'a table';
  return typeof v === 'string' ? 'a string' : `a ${typeof v}`;
}

/** Cells of text, one code point at a time (marks and joiners count as one: a limit errs on the short side). */
function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += eastAsianWidth(ch.codePointAt(0) ?? 0);
  return w;
}

function spansWidth(list: Span[]): number {
  let w = 0;
  for (const s of list) w += textWidth(s.text);
  return w;
}

/** Cuts spans to `max` cells, ending in "…" when anything was cut. */
export function cutSpans(list: Span[], max: number): Span[] {
  if (spansWidth(list) <= max) return list;
  const out: Span[] = [];
  let room = max - 1;
  for (const s of list) {
    if (room <= 0) break;
    let text = '';
    for (const ch of s.text) {
      const w = textWidth(ch);
      if (w > room) {
        room = 0;
        break;
      }
      text += ch;
      room -= w;
    }
    if (text) out.push({ ...s, text });
  }
  const last = out[out.length - 1];
  out.push({ ...(last ? { ...last } : {}), text: '…' });
  return out;
}

/**
 * A piece's return value as its slot shows it: text for a text slot (a string, a number, spans, or
 * a ui.text), a widget for a widget slot (text is wrapped in ui.text). Empty or nil: nothing.
 * Throws PieceOutputError for anything else.
 */
export function pieceOutput(slot: string, raw: unknown): PieceOutput {
  const def = slotDef(slot);
  if (raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0))
    return { kind: 'none' };
  if (def.kind === 'text') {
    if (isObject(raw) && typeof raw.type === 'string' && raw.type !== 'text') {
      throw new PieceOutputError(
        `returned ${describe(raw)}; ${slot} takes text (a string, spans or a ui.text)`,
      );
    }
    let list: Span[];
    try {
      list = toSpans(raw, 'piece');
    } catch (err) {
      if (err instanceof TreeError)
        throw new PieceOutputError(`returned ${describe(raw)} that is not text: ${err.detail}`);
      throw err;
    }
    // One line: a newline in a status bar or a row would break it.
    list = list
      .map((s) => (/[\n\r\t]/.test(s.text) ? { ...s, text: s.text.replace(/[\n\r\t]+/g, ' ') } : s))
      .filter((s) => s.text !== '');
    if (list.length === 0) return { kind: 'none' };
    const width = spansWidth(list);
    const limit = def.width ?? 40;
    return { kind: 'text', spans: width <= limit ? list : cutSpans(list, limit), width };
  }
  let node: Record<string, unknown>;
  if (
    typeof raw === 'string' ||
    typeof raw === 'number' ||
    Array.isArray(raw) ||
    (isObject(raw) && typeof raw.type !== 'string')
  ) {
    try {
      node = { type: 'text', props: {}, text: toSpans(raw, 'piece') };
    } catch (err) {
      if (err instanceof TreeError)
        throw new PieceOutputError(
          `returned ${describe(raw)} that is neither a widget nor text: ${err.detail}`,
        );
      throw err;
    }
  } else if (isObject(raw)) {
    const problems = treeErrors(raw, 'piece()');
    if (problems.length > 0)
      throw new PieceOutputError(`returned a widget that is not valid: ${problems[0].message}`);
    node = raw;
  } else {
    throw new PieceOutputError(`returned ${describe(raw)}; ${slot} takes a widget or text`);
  }
  const limit = def.height ?? 10;
  const height = rowsOf(node);
  // Kept to the slot's height: a piece never takes more rows than that, whatever it asks for.
  return {
    kind: 'widget',
    node: { type: 'column', props: { max_height: limit, shrink: 1, min_height: 0 }, children: [node] },
    height,
  };
}

/**
 * The rows a widget asks for (for the review of a piece before it goes live): its own height when
 * it gives one in cells, else what its content needs (one row per text line, list item or bar;
 * terminals and percentages take as much as there is: Infinity).
 */
export function rowsOf(node: unknown): number {
  if (!isObject(node)) return 0;
  const p = isObject(node.props) ? node.props : {};
  if (p.visible === false) return 0;
  const own =
    typeof p.height === 'number'
      ? p.height
      : typeof p.height === 'string'
        ? /^\d+$/.test(p.height)
          ? Number(p.height)
          : Infinity
        : null;
  const pad = edges(p.padding, p.padding_y) + edges(p.margin, p.margin_y);
  const border =
    p.border !== undefined && p.border !== 'none' && p.border !== false
      ? 2
      : node.type === 'panel' && p.border === undefined
        ? 2
        : 0;
  let rows: number;
  if (own !== null) rows = own;
  else {
    const kids = Array.isArray(node.children) ? node.children : [];
    switch (node.type) {
      case 'column':
      case 'panel':
      case 'overlay':
        rows =
          kids.reduce((n: number, c) => n + rowsOf(c), 0) +
          (typeof p.gap === 'number' ? p.gap * Math.max(0, kids.length - 1) : 0) +
          pad +
          border;
        break;
      case 'row':
        rows = Math.max(0, ...kids.map(rowsOf)) + pad + border;
        break;
      case 'text': {
        let text = '';
        try {
          text = toSpans(node.spans ?? node.text ?? '', 'piece')
            .map((s) => s.text)
            .join('');
        } catch {
          text = '';
        }
        rows = text.split('\n').length + pad + border;
        break;
      }
      case 'list':
        rows = (Array.isArray(p.items) ? p.items.length : 0) + pad + border;
        break;
      case 'agent_list':
        rows = 2 * (Array.isArray(p.agents) ? p.agents.length : 0) + pad + border;
        break;
      case 'terminal':
        rows = Infinity;
        break;
      case 'spacer':
        rows = typeof p.grow === 'number' && p.grow > 0 ? Infinity : pad;
        break;
      default:
        rows = 1 + pad + border;
    }
  }
  if (typeof p.max_height === 'number') rows = Math.min(rows, p.max_height);
  return rows;
}

function edges(v: unknown, y: unknown): number {
  if (typeof y === 'number') return 2 * y;
  if (typeof v === 'number') return 2 * v;
  if (Array.isArray(v))
    return v.length === 4 ? Number(v[0]) + Number(v[2]) : v.length === 2 ? 2 * Number(v[0]) : 0;
  if (isObject(v)) return (Number(v.top) || 0) + (Number(v.bottom) || 0);
  return 0;
}
