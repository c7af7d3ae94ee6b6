import type { BoxProps as InkBoxProps, TextProps as InkTextProps } from 'ink';
import type { BorderKind, BoxProps, Color, Size, TextStyle } from '../tree/types.js';

// Lua colours -> Ink/chalk colour strings.
export function inkColor(c: Color | undefined): string | undefined {
  if (c === undefined || c === 'default') return undefined;
  if (typeof c === 'number') return `ansi256(${c})`;
  if (c.startsWith('#')) return c;
  if (c === 'grey') return 'gray';
  if (c.startsWith('bright_')) return c === 'bright_black' ? 'gray' : `${c.slice(7)}Bright`;
  return c;
}

export function textProps(s: TextStyle | undefined): InkTextProps {
  if (!s) return {};
  const p: Record<string, unknown> = {};
  if (s.fg !== undefined) p.color = inkColor(s.fg);
  if (s.bg !== undefined) p.backgroundColor = inkColor(s.bg);
  if (s.bold) p.bold = true;
  if (s.dim) p.dimColor = true;
  if (s.italic) p.italic = true;
  if (s.underline) p.underline = true;
  if (s.reverse) p.inverse = true;
  if (s.strikethrough) p.strikethrough = true;
  return p as InkTextProps;
}

const BORDER: Record<BorderKind, InkBoxProps['borderStyle'] | undefined> = {
  single: 'single',
  rounded: 'round',
  double: 'double',
  bold: 'bold',
  classic: 'classic',
  none: undefined,
};

function fr(size: Size | undefined): number | undefined {
  return typeof size === 'string' && size.endsWith('fr') ? Number(size.slice(0, -2)) : undefined;
}

function dim(size: Size | undefined): number | string | undefined {
  if (size === undefined || fr(size) !== undefined) return undefined;
  return size;
}

/** Layout props shared by every widget's outer Box. */
export function boxStyle(p: BoxProps): InkBoxProps {
  const s: Record<string, unknown> = {};
  const share = fr(p.width) ?? fr(p.height);
  if (dim(p.width) !== undefined) s.width = dim(p.width);
  if (dim(p.height) !== undefined) s.height = dim(p.height);
  if (share !== undefined) {
    s.flexGrow = share;
    s.flexBasis = 0;
  }
  if (p.grow !== undefined) s.flexGrow = p.grow;
  if (p.shrink !== undefined) s.flexShrink = p.shrink;
  if (dim(p.minWidth) !== undefined) s.minWidth = dim(p.minWidth);
  if (dim(p.minHeight) !== undefined) s.minHeight = dim(p.minHeight);
  if (p.padding) {
    s.paddingTop = p.padding.top;
    s.paddingRight = p.padding.right;
    s.paddingBottom = p.padding.bottom;
    s.paddingLeft = p.padding.left;
  }
  if (p.margin) {
    s.marginTop = p.margin.top;
    s.marginRight = p.margin.right;
    s.marginBottom = p.margin.bottom;
    s.marginLeft = p.margin.left;
  }
  if (p.gap !== undefined) s.gap = p.gap;
  if (p.align) s.alignItems = p.align === 'start' ? 'flex-start' : p.align === 'end' ? 'flex-end' : p.align;
  if (p.justify)
    s.justifyContent = p.justify === 'start' ? 'flex-start' : p.justify === 'end' ? 'flex-end' : p.justify;
  if (p.border && BORDER[p.border]) s.borderStyle = BORDER[p.border];
  if (p.borderColor !== undefined) s.borderColor = inkColor(p.borderColor);
  if (p.style?.bg !== undefined) s.backgroundColor = inkColor(p.style.bg);
  // Always said: Ink leaves a node hidden when `display` is merely left out next time (a slot
  // that was empty and now has pieces would stay hidden).
  s.display = p.visible === false ? 'none' : 'flex';
  return s as InkBoxProps;
}

/** max_width / max_height are not Ink props; the frame renderer applies them to yoga directly. */
export function maxSize(
  p: BoxProps,
): { maxWidth?: number | string; maxHeight?: number | string } | undefined {
  const w = dim(p.maxWidth);
  const h = dim(p.maxHeight);
  return w === undefined && h === undefined ? undefined : { maxWidth: w, maxHeight: h };
}
