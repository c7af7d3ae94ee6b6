import type { IBufferCell, Terminal } from '@xterm/headless';
import { attrsOf, bgOf, fgOf } from './read-row.js';

/**
 * What a chunk of output prints, known before xterm parses it: plain text at the cursor, in the
 * current pen, the cursor ending right after it (on the same row). A key's echo is almost always
 * this, and the frames can draw it at once, ahead of the parse (the frame drawn from the parsed
 * screen then finds it already there; src/ui/compositor.ts `echo`).
 */
export interface PlainEcho {
  /** The cursor's cell (viewport coordinates) where the text starts. */
  x: number;
  y: number;
  text: string;
  /** Its cells' width: one a character. */
  width: number;
  fg: number;
  bg: number;
  attrs: number;
}

/** Longer chunks are not an echo (a paste's echo takes the usual way). */
const MAX_ECHO = 64;

/** The xterm state its InputHandler's print() reads, read defensively. */
interface Printer {
  _parser?: { currentState?: number };
  _charsetService?: { charset?: unknown };
  _coreService?: { modes?: { insertMode?: boolean } };
  _bufferService?: { cols?: number };
  _curAttrData?: unknown;
  _activeBuffer?: {
    x: number;
    y: number;
    ybase: number;
    lines: { get(i: number): { getWidth(x: number): number } | undefined };
  };
}

/**
 * `data` as a PlainEcho when xterm would print it exactly so, or null. What makes print() do
 * anything else is ruled out: a sequence under way, a character set that maps ASCII (DEC
 * graphics), insert mode, reaching the last column (the wrap), half of a wide glyph at either end.
 */
export function plainEcho(term: Terminal, data: string): PlainEcho | null {
  const n = data.length;
  if (n === 0 || n > MAX_ECHO) return null;
  for (let i = 0; i < n; i++) {
    const c = data.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return null;
  }
  const p = (term as unknown as { _core?: { _inputHandler?: Printer } })._core?._inputHandler;
  const buf = p?._activeBuffer;
  const cols = p?._bufferService?.cols;
  const attr = p?._curAttrData as IBufferCell | undefined;
  if (!p || !buf || typeof cols !== 'number' || !attr || typeof attr.isFgDefault !== 'function') return null;
  if (
    p._parser?.currentState !== 0 ||
    p._charsetService?.charset ||
    p._coreService?.modes?.insertMode !== false
  )
    return null;
  const { x, y } = buf;
  if (x + n >= cols) return null;
  const line = buf.lines.get(buf.ybase + y);
  if (!line || (x > 0 && line.getWidth(x - 1) === 2) || line.getWidth(x + n) === 0) return null;
  return { x, y, text: data, width: n, fg: fgOf(attr), bg: bgOf(attr), attrs: attrsOf(attr) };
}
