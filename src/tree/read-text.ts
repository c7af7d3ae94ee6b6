// Reading text, styles and colours out of a raw widget tree (every widget's text goes through here).
import { COLOR_NAMES, STYLE_KEYS } from './tree-vocabulary.js';
import type { Color, Span, TextStyle } from './types.js';
import { TreeError, asArray, describe, isObject, str, type Raw } from './tree-values.js';

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

export function style(raw: unknown, path: string): TextStyle {
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

/** The text style among a node's props (fg, bg, bold, ...). */
export function styleOf(p: Raw, path: string): TextStyle {
  return style(Object.fromEntries(STYLE_KEYS.filter((k) => p[k] !== undefined).map((k) => [k, p[k]])), path);
}

/** Text content: a string, a span {text=, fg=...}, or a list of strings and spans. */
export function spans(raw: unknown, path: string): Span[] {
  if (typeof raw === 'string') return raw === '' ? [] : [{ text: raw }];
  if (typeof raw === 'number' || typeof raw === 'boolean') return [{ text: String(raw) }];
  // A ui.text (what ui.slot gives) where text goes is its text, in its style; hidden, none.
  if (isObject(raw) && raw.type === 'text') {
    const p = isObject(raw.props) ? raw.props : {};
    if (p.visible === false) return [];
    const base = styleOf(p, path);
    const piece = typeof p.slot === 'string' ? { piece: true } : {};
    return spans(raw.spans ?? raw.text ?? '', path).map((s) => ({ ...base, ...s, ...piece }));
  }
  if (isObject(raw) && 'text' in raw)
    return [{ ...style(omit(raw, 'text'), path), text: str(raw.text, path, 'text') }];
  const list = asArray(raw);
  if (!list) throw new TreeError(path, `text must be a string or a list of spans, got ${describe(raw)}`);
  return list.flatMap((s, i) => spans(s, `${path}[${i + 1}]`));
}

function omit(r: Raw, key: string): Raw {
  const { [key]: _drop, ...rest } = r;
  return rest;
}
