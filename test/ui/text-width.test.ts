import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { textWidth } from '../../src/ui/screen/text-width.js';

describe('textWidth agrees with string-width', () => {
  const samples = [
    'plain ascii',
    '',
    '╭─ Agents ─╮',
    '● 1 claude running',
    '✕ exited 3',
    '✅ done',
    '❌',
    'café',
    'naïve',
    '日本語テキスト',
    '한국어',
    'ｆｕｌｌ',
    '→ ← ↑ ↓',
    '€ £ ¥',
    'a\u0301',
    '😀',
    '👨‍👩‍👧',
    '🇫🇷',
    '1️⃣',
    'e\u0308\u0323',
    '\x1b[31mred\x1b[0m',
    '\x1b[1;38;5;202m日本\x1b[0m',
    '\u200bzero',
    'tab\there',
    '\u00ad',
    '⌚',
    '☀️',
    '✔',
    '✔️',
  ];
  for (const s of samples) {
    it(JSON.stringify(s), () => expect(textWidth(s)).toBe(stringWidth(s)));
  }

  it('agrees on every code point of the fast-path blocks', () => {
    for (const [from, to] of [
      [0x20, 0x2ff],
      [0x2000, 0x27ff],
      [0x3000, 0x30ff],
      [0xff00, 0xff60],
    ]) {
      for (let c = from; c <= to; c++) {
        const s = String.fromCodePoint(c);
        if (textWidth(s) !== stringWidth(s))
          throw new Error(`U+${c.toString(16)}: ${textWidth(s)} vs ${stringWidth(s)}`);
      }
    }
  });
});
