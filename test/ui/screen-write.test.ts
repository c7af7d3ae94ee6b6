import { describe, expect, test } from 'vitest';
import { Screen } from '../../src/ui/screen/screen.js';

// writeText takes a fast path for text whose every UTF-16 unit is one character (ASCII, box
// drawing, CJK). It must put exactly the cells the general path (grapheme segmentation) puts:
// the same text with a zero-width joiner appended goes the general way and draws nothing more
// (the joiner sticks to the last character's cell).
const ZWJ = '\u200d';
const pieces = ['a', 'Z', ' ', '~', '─', '╭', '●', '✕', '漢', '字', 'テ', '한', '…', '→', 'é', '\u00a0'];

function rnd(seed: number): (k: number) => number {
  let s = seed;
  return (k) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % k;
  };
}

describe('Screen.writeText fast path', () => {
  test('draws the same cells as the general path, with clips cutting wide characters', () => {
    const r = rnd(7);
    for (let n = 0; n < 400; n++) {
      let text = '';
      for (let k = r(14); k > 0; k--) text += pieces[r(pieces.length)];
      const clip = { x1: r(6), y1: 0, x2: 6 + r(12), y2: 3 };
      const x = r(8) - 2;
      const style = { fg: r(9) - 1, bg: r(9) - 1, attrs: r(4) };
      const fast = new Screen(16, 3);
      const general = new Screen(16, 3);
      const endFast = fast.writeText(x, 1, text, style, clip);
      const endGeneral = general.writeText(x, 1, text + ZWJ, style, clip);
      expect(fast.chars, JSON.stringify({ text, clip, x })).toEqual(
        general.chars.map((c) => c.replace(ZWJ, '')),
      );
      expect(fast.fg).toEqual(general.fg);
      expect(fast.bg).toEqual(general.bg);
      expect(fast.attrs).toEqual(general.attrs);
      expect(endFast).toBe(endGeneral);
    }
  });
});
