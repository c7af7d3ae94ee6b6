import {
  ALIGNS,
  BORDERS,
  BOX_KEYS,
  COLOR_NAMES,
  CONTAINERS,
  JUSTIFIES,
  STYLE_KEYS,
  WIDGET_KEYS,
  WRAPS,
} from './tree-vocabulary.js';
import type {
  AgentView,
  BorderKind,
  BoxProps,
  Color,
  Edges,
  ListItem,
  Size,
  Span,
  TextStyle,
  WidgetNode,
  WrapMode,
} from './types.js';
import { TreeError, asArray, describe, integer, isObject, oneOf, str, type Raw } from './tree-values.js';
import { agentRef, agentView, selectedAgent } from './tree-agents.js';
import { machineViews } from './machine-views.js';

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
  const extra = WIDGET_KEYS[type];
  if (!extra) throw new TreeError(path, `unknown widget "${type}"`);
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
    if (!BOX_KEYS.includes(key) && !extra.includes(key)) {
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

  if (CONTAINERS.has(type)) {
    const kids = raw.children === undefined ? [] : asArray(raw.children);
    if (!kids) throw new TreeError(path, `children must be a list, got ${describe(raw.children)}`);
    const children = kids.map((c, i) =>
      guard(ctx, () => node(c, `${path}.children[${i + 1}]`, ctx, depth + 1), PLACEHOLDER),
    );
    return { type: type as 'column', props, children };
  }
  return guard(ctx, () => leaf(type, raw, p, props, path), PLACEHOLDER);
}

function leaf(type: string, raw: Raw, p: Raw, props: BoxProps, path: string): WidgetNode {
  switch (type) {
    case 'text':
      return {
        type,
        props: {
          ...props,
          wrap: oneOf(p.wrap, WRAPS, path, 'wrap') ?? 'wrap',
          align_text: oneOf(p.align_text, new Set(['left', 'center', 'right']), path, 'align_text'),
        },
        spans: spans(raw.spans ?? raw.text ?? '', `${path}.text`),
      };
    case 'header':
      return {
        type,
        props,
        title: spans(p.title ?? '', `${path}.title`),
        subtitle: spans(p.subtitle ?? '', `${path}.subtitle`),
        left: spans(p.left ?? '', `${path}.left`),
        right: spans(p.right ?? '', `${path}.right`),
      };
    case 'status_bar':
      return {
        type,
        props,
        left: spans(p.left ?? p.text ?? '', `${path}.left`),
        center: spans(p.center ?? '', `${path}.center`),
        right: spans(p.right ?? '', `${path}.right`),
      };
    case 'list': {
      const items = asArray(p.items ?? []);
      if (!items) throw new TreeError(path, `items must be a list, got ${describe(p.items)}`);
      return {
        type,
        props,
        items: items.map((it, i): ListItem => ({
          spans: spans(
            isObject(it) && 'text' in it && !('spans' in it) ? [it] : it,
            `${path}.items[${i + 1}]`,
          ),
        })),
        selected:
          p.selected === undefined || p.selected === null ? null : integer(p.selected, path, 'selected'),
        selectedStyle: style(p.selected_style ?? {}, `${path}.selected_style`),
      };
    }
    case 'agent_list': {
      const agents = asArray(p.agents ?? []);
      if (!agents)
        throw new TreeError(path, `agents must be a list (self.agents), got ${describe(p.agents)}`);
      // What the agent_list.row slot shows at the end of each row (ui.agent_list fills it in).
      const extra = asArray(p.extra ?? []) ?? [];
      return {
        type,
        props,
        agents: agents.map((a, i) =>
          withExtra(agentView(a, `${path}.agents[${i + 1}]`), extra[i], `${path}.extra[${i + 1}]`),
        ),
        selected: selectedAgent(p.selected, agents, path),
        showCommand: p.show_command === true,
        group: oneOf(p.group, new Set(['repo'] as const), path, 'group') ?? null,
        filter: oneOf(p.filter, new Set(['all', 'waiting', 'running'] as const), path, 'filter') ?? 'all',
        machines: p.machines == null ? null : machineViews(p.machines, (m) => new TreeError(path, m)),
      };
    }
    case 'terminal':
      return {
        type,
        props,
        agent: agentRef(p.agent, path),
        scroll: p.scroll === undefined ? 0 : Math.max(0, integer(p.scroll, path, 'scroll')),
        cursor: p.cursor !== false,
      };
    case 'diff':
      return {
        type,
        props,
        agent: agentRef(p.agent, path, 'diff'),
        mode: oneOf(p.mode, new Set(['all', 'uncommitted'] as const), path, 'mode') ?? null,
      };
    case 'spacer':
      return {
        type,
        props:
          props.grow === undefined && props.width === undefined && props.height === undefined
            ? { ...props, grow: 1 }
            : props,
      };
    case 'input':
      return {
        type,
        props,
        value: str(p.value ?? '', path, 'value'),
        prompt: spans(p.prompt ?? '', `${path}.prompt`),
        placeholder: str(p.placeholder ?? '', path, 'placeholder'),
        cursor: p.cursor === undefined ? null : integer(p.cursor, path, 'cursor'),
      };
  }
  throw new TreeError(path, `unknown widget "${type}"`);
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

export function checkColor(v: unknown, path: string, key: string): Color | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 255) return v;
  if (
    typeof v === 'string' &&
    (COLOR_NAMES.has(v) || /^#[0-9a-fA-F]{6}$/.test(v) || /^#[0-9a-fA-F]{3}$/.test(v))
  )
    return v;
  throw new TreeError(path, `${key} must be a colour name, 0-255 or "#rrggbb", got ${describe(v)}`);
}

function style(raw: unknown, path: string): TextStyle {
  if (!isObject(raw) && asArray(raw)?.length !== 0)
    throw new TreeError(path, `style must be a table, got ${describe(raw)}`);
  const r = (isObject(raw) ? raw : {}) as Raw;
  const s: TextStyle = {};
  const fg = checkColor(r.fg, path, 'fg');
  const bg = checkColor(r.bg, path, 'bg');
  if (fg !== undefined) s.fg = fg;
  if (bg !== undefined) s.bg = bg;
  for (const k of ['bold', 'dim', 'italic', 'underline', 'reverse', 'strikethrough'] as const) {
    if (r[k] !== undefined && r[k] !== null) {
      if (typeof r[k] !== 'boolean')
        throw new TreeError(path, `${k} must be true or false, got ${describe(r[k])}`);
      s[k] = r[k] as boolean;
    }
  }
  return s;
}

/** Text content: a string, a span {text=, fg=...}, or a list of strings and spans. */
export function spans(raw: unknown, path: string): Span[] {
  if (typeof raw === 'string') return raw === '' ? [] : [{ text: raw }];
  if (typeof raw === 'number' || typeof raw === 'boolean') return [{ text: String(raw) }];
  // A ui.text (what ui.slot gives) where text goes is its text, in its style; hidden, none.
  if (isObject(raw) && raw.type === 'text') {
    const p = isObject(raw.props) ? raw.props : {};
    if (p.visible === false) return [];
    const base = style(
      Object.fromEntries(STYLE_KEYS.filter((k) => p[k] !== undefined).map((k) => [k, p[k]])),
      path,
    );
    return spans(raw.spans ?? raw.text ?? '', path).map((s) => ({ ...base, ...s }));
  }
  if (isObject(raw) && 'text' in raw)
    return [{ ...style(omit(raw, 'text'), path), text: str(raw.text, path, 'text') }];
  const list = asArray(raw);
  if (!list) throw new TreeError(path, `text must be a string or a list of spans, got ${describe(raw)}`);
  return list.flatMap((s, i) => spans(s, `${path}[${i + 1}]`));
}

function withExtra(view: AgentView, extra: unknown, path: string): AgentView {
  const text = extra === undefined || extra === null ? [] : spans(extra, path);
  return text.length ? { ...view, extra: text } : view;
}

function omit(r: Raw, key: string): Raw {
  const { [key]: _drop, ...rest } = r;
  return rest;
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
  const s = guard(
    ctx,
    () => style(Object.fromEntries(STYLE_KEYS.filter((k) => p[k] !== undefined).map((k) => [k, p[k]])), path),
    {},
  );
  if (Object.keys(s).length > 0) b.style = s;
  if (p.visible !== undefined) set('visible', () => p.visible !== false);
  return b;
}
