import { ALIGNS, BORDERS, BOX_KEYS, JUSTIFIES } from '../tree/tree-vocabulary.js';
import type { BorderKind, BoxProps, Edges, Size, WidgetNode } from '../tree/types.js';
import {
  TreeError,
  asArray,
  describe,
  integer,
  isObject,
  oneOf,
  str,
  type Raw,
} from '../tree/tree-values.js';
import { checkColor, spans, style, styleOf } from '../tree/read-text.js';
import { WIDGET_BY_TYPE } from './registry.js';

export { TreeError };

const MAX_NODES = 5000;
const MAX_DEPTH = 64;
/** No screen is this wide or tall; a larger size is a mistake (1e9 once grew the hub to an OOM kill). */
export const MAX_CELLS = 10000;

interface Ctx {
  nodes: number;
  /** Collect every error instead of stopping at the first (`botster-tui check`). */
  errors?: TreeError[];
}

export function validateTree(raw: unknown, rootPath = 'App:render()'): WidgetNode {
  return node(raw, rootPath, { nodes: 0 }, 0);
}

/** Every error of the tree (empty when it is valid): each bad prop and widget, not only the first. */
export function treeErrors(raw: unknown, rootPath = 'App:render()'): TreeError[] {
  const ctx: Ctx = { nodes: 0, errors: [] };
  guard(ctx, () => node(raw, rootPath, ctx, 0), null);
  return ctx.errors ?? [];
}

/** Runs `fn`; when collecting, a TreeError is recorded and `fallback` stands in for the result. */
function guard<T>(ctx: Ctx, fn: () => T, fallback: T): T {
  if (!ctx.errors) return fn();
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof TreeError)) throw err;
    ctx.errors.push(err);
    return fallback;
  }
}

const PLACEHOLDER: WidgetNode = { type: 'spacer', props: {} } as WidgetNode;

function node(raw: unknown, path: string, ctx: Ctx, depth: number): WidgetNode {
  if (++ctx.nodes > MAX_NODES) throw new TreeError(path, `tree has more than ${MAX_NODES} nodes`);
  if (depth > MAX_DEPTH) throw new TreeError(path, `tree is deeper than ${MAX_DEPTH} levels`);
  if (!isObject(raw))
    throw new TreeError(path, `expected a widget (ui.column, ui.text, ...), got ${describe(raw)}`);
  const type = raw.type;
  if (typeof type !== 'string')
    throw new TreeError(path, 'widget has no type (build it with ui.column, ui.text, ...)');
  const def = WIDGET_BY_TYPE.get(type);
  if (!def) throw new TreeError(path, `unknown widget "${type}"`);
  if (
    raw.props !== undefined &&
    raw.props !== null &&
    !isObject(raw.props) &&
    asArray(raw.props)?.length !== 0
  ) {
    throw new TreeError(path, `props must be a table, got ${describe(raw.props)}`);
  }
  // An empty Lua table arrives as []: treat it as no props.
  const p: Raw = isObject(raw.props) ? { ...raw.props } : {};
  for (const key of Object.keys(p)) {
    if (!BOX_KEYS.includes(key) && !def.props.includes(key)) {
      guard(
        ctx,
        () => {
          throw new TreeError(path, `unknown prop "${key}" for ${type}`);
        },
        null,
      );
      delete p[key];
    }
  }
  const props = boxProps(p, path, ctx);
  let children: WidgetNode[] = [];
  if ('children' in def.lua) {
    const kids = raw.children === undefined ? [] : asArray(raw.children);
    if (!kids) throw new TreeError(path, `children must be a list, got ${describe(raw.children)}`);
    children = kids.map((c, i) =>
      guard(ctx, () => node(c, `${path}.children[${i + 1}]`, ctx, depth + 1), PLACEHOLDER),
    );
  }
  return guard(ctx, () => def.read({ raw, p, props, path, children }), PLACEHOLDER);
}

function size(v: unknown, path: string, key: string): Size | undefined {
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (n > MAX_CELLS) throw new TreeError(path, `${key} must be at most ${MAX_CELLS} cells, got ${v}`);
  if (n >= 0) return Math.floor(n);
  if (typeof v === 'string' && /^\d+(\.\d+)?%$/.test(v) && parseFloat(v) <= 100) return v;
  if (typeof v === 'string' && /^\d+(\.\d+)?fr$/.test(v) && parseFloat(v) <= MAX_CELLS) return v;
  throw new TreeError(path, `${key} must be cells (a number), "N%" or "Nfr", got ${describe(v)}`);
}

function edges(v: unknown, x: unknown, y: unknown, path: string, key: string): Edges | undefined {
  if (v === undefined && x === undefined && y === undefined) return undefined;
  const e: Edges = { top: 0, right: 0, bottom: 0, left: 0 };
  if (typeof v === 'number')
    e.top = e.right = e.bottom = e.left = Math.max(0, integer(v, path, key, MAX_CELLS));
  else if (Array.isArray(v)) {
    const n = v.map((k) => integer(k, path, key, MAX_CELLS));
    if (n.length === 2) [e.top, e.right, e.bottom, e.left] = [n[0], n[1], n[0], n[1]];
    else if (n.length === 4) [e.top, e.right, e.bottom, e.left] = n;
    else throw new TreeError(path, `${key} must be a number, {v, h} or {top, right, bottom, left}`);
  } else if (isObject(v)) {
    for (const side of ['top', 'right', 'bottom', 'left'] as const)
      if (v[side] !== undefined) e[side] = integer(v[side], path, `${key}.${side}`, MAX_CELLS);
  } else if (v !== undefined)
    throw new TreeError(path, `${key} must be a number or a table, got ${describe(v)}`);
  if (x !== undefined) e.left = e.right = integer(x, path, `${key}_x`, MAX_CELLS);
  if (y !== undefined) e.top = e.bottom = integer(y, path, `${key}_y`, MAX_CELLS);
  return e;
}

function boxProps(p: Raw, path: string, ctx: Ctx): BoxProps {
  const b: BoxProps = {};
  // Each prop on its own, so that `check` reports every bad one.
  const set = <K extends keyof BoxProps>(k: K, get: () => BoxProps[K] | undefined) => {
    const v = guard(ctx, get, undefined);
    if (v !== undefined) b[k] = v;
  };
  set('width', () => size(p.width, path, 'width'));
  set('height', () => size(p.height, path, 'height'));
  set('minWidth', () => size(p.min_width, path, 'min_width'));
  set('maxWidth', () => size(p.max_width, path, 'max_width'));
  set('minHeight', () => size(p.min_height, path, 'min_height'));
  set('maxHeight', () => size(p.max_height, path, 'max_height'));
  if (p.grow !== undefined) set('grow', () => Math.max(0, integer(p.grow, path, 'grow', MAX_CELLS)));
  if (p.shrink !== undefined) set('shrink', () => Math.max(0, integer(p.shrink, path, 'shrink', MAX_CELLS)));
  if (p.gap !== undefined) set('gap', () => Math.max(0, integer(p.gap, path, 'gap', MAX_CELLS)));
  set('padding', () => edges(p.padding, p.padding_x, p.padding_y, path, 'padding'));
  set('margin', () => edges(p.margin, p.margin_x, p.margin_y, path, 'margin'));
  set('align', () => oneOf(p.align, ALIGNS, path, 'align') as BoxProps['align']);
  set(
    'justify',
    () => oneOf(p.justify, JUSTIFIES, path, 'justify')?.replace('_', '-') as BoxProps['justify'],
  );
  set(
    'border',
    () =>
      (p.border === true
        ? 'single'
        : p.border === false
          ? 'none'
          : oneOf(p.border, BORDERS, path, 'border')) as BorderKind | undefined,
  );
  set('borderColor', () => checkColor(p.border_fg, path, 'border_fg'));
  if (p.title !== undefined) {
    // A title is text: a string, or spans (a ui.slot among them); drawn styled when styled.
    const title =
      typeof p.title === 'string' || typeof p.title === 'number'
        ? null
        : guard(ctx, () => spans(p.title, `${path}.title`), []);
    set('title', () => (title ? title.map((sp) => sp.text).join('') : str(p.title, path, 'title')));
    if (title?.some((sp) => Object.keys(sp).length > 1)) b.titleSpans = title;
  }
  if (p.title_style !== undefined) set('titleStyle', () => style(p.title_style, `${path}.title_style`));
  const s = guard(ctx, () => styleOf(p, path), {});
  if (Object.keys(s).length > 0) b.style = s;
  if (p.visible !== undefined) set('visible', () => p.visible !== false);
  return b;
}
