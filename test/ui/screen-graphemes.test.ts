import { describe, expect, it } from 'vitest';
import { Screen, charWidth } from '../../src/ui/screen/screen.js';
import { fitGlyph, REPLACEMENT } from '../../src/ui/screen/glyph.js';
import { DEFAULT_COLOR } from '../../src/ui/screen/cell-style.js';

// writeText skips segmentation for text made of simple characters; the cells must be exactly what
// segmenting every string with Intl.Segmenter gives.
function reference(text: string, width: number): string[] {
  const cells = new Array<string>(width).fill(' ');
  let x = 0;
  for (const { segment: g } of new Intl.Segmenter().segment(text)) {
    const w = charWidth(g);
    if (w === 0) continue;
    const ch = g.length > 1 || g.charCodeAt(0) >= 0x7f ? fitGlyph(g, w) : g;
    if (x + w <= width) {
      cells[x] = ch;
      if (w === 2) cells[x + 1] = ch === REPLACEMENT ? ' ' : '';
    }
    x += w;
  }
  return cells;
}

function written(text: string, width: number): string[] {
  const s = new Screen(width, 1);
  s.writeText(0, 0, text, { fg: DEFAULT_COLOR, bg: DEFAULT_COLOR, attrs: 0 });
  return s.chars.slice();
}

describe('Screen.writeText graphemes', () => {
  const samples = [
    'plain ascii',
    '╭─ Agents ─╮',
    '● 1 claude running',
    '→ ← ↑ ↓',
    '日本語テキスト',
    '한국어',
    'ｆｕｌｌ',
    'café',
    'a\u0301b',
    'e\u0308\u0323x',
    '─\u0301─',
    '日\u200d本',
    '😀 done',
    '👨‍👩‍👧',
    '🇫🇷🇩🇪',
    '1️⃣',
    '✔️ ok',
    '\u1100\u1161\u11a8',
    '한\u11a8',
    '\r\n',
    'tab\there',
    '\u00ad-',
    '✂\ufe0f',
  ];
  for (const text of samples)
    it(JSON.stringify(text), () => expect(written(text, 30)).toEqual(reference(text, 30)));

  it('agrees on every code point of the fast-path blocks, alone and before a combining mark', () => {
    for (const [from, to] of [
      [0x20, 0x2ff],
      [0x2000, 0x27ff],
      [0x3000, 0x30ff],
      [0x4e00, 0x4e10],
      [0xac00, 0xac10],
      [0xff00, 0xff60],
    ]) {
      for (let c = from; c <= to; c++) {
        if (c >= 0xd800 && c <= 0xdfff) continue;
        for (const text of [`${String.fromCodePoint(c)}x`, `x${String.fromCodePoint(c)}\u0301y`]) {
          expect(written(text, 8), `U+${c.toString(16)} in ${JSON.stringify(text)}`).toEqual(
            reference(text, 8),
          );
        }
      }
    }
  });
});
