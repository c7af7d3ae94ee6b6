import type { KeyEvent } from '../keys/key-event.js';

const BUTTON: Record<string, number> = { left: 0, middle: 1, right: 2, none: 3, wheelup: 64, wheeldown: 65 };

/**
 * A mouse event re-encoded for a child that asked for mouse tracking, at panel-local (1-based)
 * coordinates: SGR (`ESC[<b;x;yM`) when the child enabled it, else the classic X10 form.
 */
export function encodeMouse(ev: KeyEvent, x: number, y: number, sgr: boolean): string {
  const m = ev.mouse!;
  let b = BUTTON[m.button] ?? 3;
  if (m.action === 'move') b += 32;
  if (ev.shift) b += 4;
  if (ev.alt) b += 8;
  if (ev.ctrl) b += 16;
  if (sgr) return `\x1b[<${b};${x};${y}${m.action === 'release' ? 'm' : 'M'}`;
  if (x > 223 || y > 223) return '';
  const code = m.action === 'release' ? 3 + (b & ~3) : b;
  return `\x1b[M${String.fromCharCode(32 + code, 32 + x, 32 + y)}`;
}
