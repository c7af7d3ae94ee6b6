import { DEFAULT_COLOR, type CellStyle } from '../screen/cell-style.js';
import type { StyledSegment } from '../screen/parse-sgr.js';

/**
 * https://no-color.org: a non-empty NO_COLOR turns off the hub's own colours. Only colours go:
 * bold, underline and reverse stay (the selected agent is reverse video). Agents' screens are
 * painted from their own terminals elsewhere and keep their colours. It is each client's: a client
 * says it in its HELLO (the server's own environment is not the user's terminal's).
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

/** A display list without the hub's colours (text ops only: agents' panels keep theirs). */
export function withoutColors<L extends { ops: Array<{ kind: string; segments?: StyledSegment[] }> }>(
  list: L,
): L {
  for (const op of list.ops) if (op.kind === 'text' && op.segments) op.segments = stripColors(op.segments);
  return list;
}

export function stripColors(segments: StyledSegment[]): StyledSegment[] {
  return segments.map((seg) =>
    seg.style.fg === DEFAULT_COLOR && seg.style.bg === DEFAULT_COLOR
      ? seg
      : { ...seg, style: withoutColor(seg.style) },
  );
}
