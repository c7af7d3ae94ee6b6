import wrapAnsi from 'wrap-ansi';
import cliTruncate from 'cli-truncate';
import { textWidth } from '../screen/text-width.js';

// Ink measures and wraps every text node through caches keyed by the text that never forget
// (ink/build/measure-text.js, wrap-text.js): every distinct text a frame ever showed stays, ~600 B
// a frame whose title or status line changed (a clock: ~50 MB a day). The bundle routes Ink's
// imports here (scripts/bundle-options.mjs); these caches start over once full. The painter wraps
// through the same one.
const MAX_ENTRIES = 2000;

const sizes = new Map<string, { width: number; height: number }>();
const wrapped = new Map<string, string>();

/** Columns of the widest line and number of lines (Ink's measureText). */
export function measureText(text: string): { width: number; height: number } {
  if (text.length === 0) return { width: 0, height: 0 };
  let size = sizes.get(text);
  if (size) return size;
  const lines = text.split('\n');
  let width = 0;
  for (const line of lines) width = Math.max(width, textWidth(line));
  size = { width, height: lines.length };
  if (sizes.size >= MAX_ENTRIES) sizes.clear();
  sizes.set(text, size);
  return size;
}

/** `text` wrapped or truncated to `maxWidth` columns (Ink's wrapText; `wrapType` is Ink's textWrap). */
export function wrapText(text: string, maxWidth: number, wrapType: string): string {
  const key = `${maxWidth}\u0000${wrapType}\u0000${text}`;
  const hit = wrapped.get(key);
  if (hit !== undefined) return hit;
  let out = text;
  if (wrapType === 'wrap') out = wrapAnsi(text, maxWidth, { trim: false, hard: true });
  else if (wrapType.startsWith('truncate')) {
    const position =
      wrapType === 'truncate-middle' ? 'middle' : wrapType === 'truncate-start' ? 'start' : 'end';
    out = cliTruncate(text, maxWidth, { position });
  }
  if (wrapped.size >= MAX_ENTRIES) wrapped.clear();
  wrapped.set(key, out);
  return out;
}
