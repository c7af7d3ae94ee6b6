import { describe, expect, it } from 'vitest';
import { printable } from '../../src/terminal/printable.js';
import { jsonText, shownLine } from '../../src/cli/terminal-out.js';

const ESC = '\x1b';
const BEL = '\x07';
const ST = `${ESC}\\`;
/** Any control a terminal acts on: C0 (but line feed and tab), DEL, C1. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

describe('printable: what an agent or a file wrote, as a terminal may show it', () => {
  it.each([
    ['C0 controls (BEL, BS, CR, SO, NUL)', `a${BEL}b\bc\rd\x0ee\x00f`, 'abc def'],
    ['DEL', 'wai\x7fting', 'waiting'],
    ['C1 controls', 'x\x85y\x8dz\x9cw', 'xyzw'],
    ['an 8-bit CSI (U+009B)', 'before\x9b2Jafter', 'beforeafter'],
    ['a 7-bit CSI clearing the screen', `hidden${ESC}[2J${ESC}[H row`, 'hidden row'],
    ['a CSI with private parameters', `${ESC}[?1049hscreen${ESC}[?25l`, 'screen'],
    ['OSC 52 (the clipboard) ended by BEL', `copy${ESC}]52;c;cm0gLXJmIH4=${BEL}done`, 'copydone'],
    ['OSC 52 ended by ST', `copy${ESC}]52;c;cm0gLXJmIH4=${ST}done`, 'copydone'],
    ['OSC 52 in 8 bits (U+009D ... U+009C)', 'copy\x9d52;c;Zm9v\x9cdone', 'copydone'],
    ['OSC 0 (icon and title)', `${ESC}]0;pwned${BEL}title`, 'title'],
    ['OSC 2 (the title)', `${ESC}]2;pwned${ST}title`, 'title'],
    ['OSC 8 (a hyperlink)', `${ESC}]8;;http://evil${ST}link${ESC}]8;;${ST}`, 'link'],
    ['an OSC never ended', `ok${ESC}]2;to the end`, 'ok'],
    ['DCS', `a${ESC}Pq#0;2;0;0;0#0~~@@${ST}b`, 'ab'],
    ['DCS in 8 bits', 'a\x90$qm\x9cb', 'ab'],
    ['APC, PM and SOS', `a${ESC}_apc${ST}b${ESC}^pm${ST}c${ESC}Xsos${ST}d`, 'abcd'],
    ['two-character sequences (RIS, DECSC, charset)', `${ESC}ca${ESC}7b${ESC}(0c${ESC}#8`, 'abc'],
    ['a lone ESC at the end', `end${ESC}`, 'end'],
  ])('takes out %s', (_what, text, want) => {
    const got = printable(text);
    expect(got).toBe(want);
    expect(got).not.toMatch(CONTROL);
    expect(got).not.toContain('\n');
  });

  it('keeps printable Unicode as it is: accents, CJK, emoji, joiners', () => {
    const text = 'café naïve Ærø — 日本語のテキスト 한국어 👩‍💻 🇫🇷 ✅ e\u0301';
    expect(printable(text)).toBe(text);
    expect(printable(`${ESC}[31m${text}${ESC}[0m`)).toBe(text);
  });

  it('makes one line of a field: a line break or a tab is a space', () => {
    expect(printable('line one\nline two\r\nthree\tfour')).toBe('line one line two three four');
  });

  it('keeps line feeds and tabs in lines mode (a source), drops CR and the rest', () => {
    const source = `local x = 1\r\n\tprint("${ESC}]52;c;eA==${BEL}hi")\n-- \x9b2J end\n`;
    expect(printable(source, { lines: true })).toBe('local x = 1\n\tprint("hi")\n--  end\n');
  });

  it('keeps SGR only when asked (read --ansi), no other sequence', () => {
    const line = `${ESC}[1;31mred${ESC}[0m ${ESC}]52;c;eA==${BEL}${ESC}[2Jx${ESC}[38:5:2m`;
    expect(printable(line, { sgr: true })).toBe(`${ESC}[1;31mred${ESC}[0m x${ESC}[38:5:2m`);
    expect(printable(line)).toBe('red x');
  });

  it('leaves text without controls untouched (the same string)', () => {
    const s = 'claude  waiting  — Allow edit to src/a.ts?';
    expect(printable(s)).toBe(s);
  });
});

describe("the CLI's lines (src/cli/terminal-out.ts)", () => {
  it('shows a human line without sequences, its line feeds kept', () => {
    expect(shownLine(`a${ESC}]2;t${BEL}b\nc\x9b2J`)).toBe('ab\nc');
  });

  it('keeps JSON whole and exact: C1 and DEL escaped, as JSON.stringify escapes C0', () => {
    const value = { reason: `x${ESC}]52;c;eA==${BEL}\x9b"2J\x7f` };
    const line = jsonText(value);
    expect(line).not.toMatch(CONTROL);
    expect(shownLine(line, true)).toBe(line);
    expect(JSON.parse(line)).toEqual(value);
    expect(JSON.parse(shownLine(JSON.stringify(value), true))).toEqual(value);
  });
});
