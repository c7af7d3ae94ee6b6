import { DEFAULT_COLOR, type CellStyle } from '../screen/cell-style.js';
import type { StyledSegment } from '../screen/parse-sgr.js';

/**
 * https://no-color.org: a non-empty NO_COLOR turns off the hub's own colours. Only colours go:
 * bold, underline and reverse stay (the selected agent is reverse video). Agents' screens are
 * painted from their own terminals elsewhere and keep their colours.
 */
export function noColorWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.NO_COLOR);
}

const uncoloured = new WeakMap<CellStyle, CellStyle>();

function withoutColor(style: CellStyle): CellStyle {
  if (style.fg === DEFAULT_COLOR && style.bg === DEFAULT_COLOR) return style;
  let plain = uncoloured.get(style);
  if (!plain) uncoloured.set(style, (plain = { fg: DEFAULT_COLOR, bg: DEFAULT_COLOR, attrs: style.attrs }));
  return plain;
}

export function stripColors(segments: StyledSegment[]): StyledSegment[] {
  return segments.map((seg) =>
    seg.style.fg === DEFAULT_COLOR && seg.style.bg === DEFAULT_COLOR
      ? seg
      : { ...seg, style: withoutColor(seg.style) },
  );
}
