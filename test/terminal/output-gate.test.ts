import xterm from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { HeadlessTerminal } from '../../src/terminal/headless-terminal.js';
import {
  MAX_SEQUENCE,
  MAX_STRING,
  MAX_TITLE_STRING,
  OutputGate,
  SLICE_UNITS,
} from '../../src/terminal/output-gate.js';

/** Everything the gate hands on for `chunks`, as one string, plus the slices. */
function gate(chunks: string[], cols = 120, rows = 40): { text: string; slices: string[] } {
  const g = new OutputGate();
  const slices: string[] = [];
  for (const c of chunks) g.feed(c, cols, rows, (s) => slices.push(s));
  return { text: slices.join(''), slices };
}
const one = (s: string, cols = 120, rows = 40) => gate([s], cols, rows).text;

describe('OutputGate clamps counted sequences', () => {
  it('scroll, insert and delete lines to the rows; tabs and chars to the columns', () => {
    expect(one('\x1b[99999S\x1b[99999T\x1b[99999L\x1b[99999M')).toBe('\x1b[40S\x1b[40T\x1b[40L\x1b[40M');
    expect(one('\x1b[99999Z\x1b[99999I\x1b[99999@\x1b[99999P\x1b[99999X')).toBe(
      '\x1b[120Z\x1b[120I\x1b[120@\x1b[120P\x1b[120X',
    );
    expect(one("\x1b[99999 @\x1b[99999 A\x1b[99999'}\x1b[99999'~")).toBe(
      "\x1b[120 @\x1b[120 A\x1b[120'}\x1b[120'~",
    );
    // Values past 2^31 and leading zeros mean the same to xterm.
    expect(
      one(`\x1b[${'9'.repeat(40)}S\x1b[0000000000000000000000000000000000000000000000000000000000005S`),
    ).toBe('\x1b[40S\x1b[0000000000000000000000000000000000000000000000000000000000005S');
  });

  it('keeps the other parameters and leaves small counts and other sequences as they are', () => {
    const same =
      '\x1b[5S\x1b[40T\x1b[S\x1b[99999;99999H\x1b[38;2;255;0;0m\x1b[?99999S\x1b[>99999T\x1b[99999 q\x1b]0;\x1b[99999S\x07';
    // (the OSC is ended by the ESC of the CSI inside it, as in xterm, so that CSI counts)
    expect(one(same)).toBe(same.replace('\x1b]0;\x1b[99999S', '\x1b]0;\x1b[40S'));
    expect(one('\x1b[99999;7S')).toBe('\x1b[40;7S');
    expect(one('\x1b[99999:3L')).toBe('\x1b[40:3L');
  });

  it('REP repeats at most a screenful, and less of a long grapheme', () => {
    expect(one('a\x1b[99999b')).toBe('a\x1b[4800b');
    const zalgo = `a${'\u0301'.repeat(50)}`;
    expect(one(`${zalgo}\x1b[99999b`)).toBe(`${zalgo}\x1b[40b`); // 2048 code units / 51
    expect(one('a\x1b[80b')).toBe('a\x1b[80b');
  });

  it('8-bit CSI and controls inside a sequence (which xterm runs without ending it)', () => {
    expect(one('\x9b99999S')).toBe('\x1b[40S');
    expect(one('\x1b[9\n99\r99S')).toBe('\n\r\x1b[40S');
    expect(one('\x1b\n[99999S')).toBe('\n\x1b[40S');
    expect(one('\x1b[99\x7f999S')).toBe('\x1b[40S');
    // CAN, SUB, ESC, C1 and non-ASCII end a sequence: what follows is not a count any more.
    for (const stop of ['\x18', '\x1a', '\x85', 'é'])
      expect(one(`\x1b[99999${stop}99999S`)).toBe(`\x1b[99999${stop}99999S`);
    expect(one('\x1b[99999\x1b[99999S')).toBe('\x1b[99999\x1b[40S');
  });

  it("a string's payload is cut after MAX_STRING characters; the rest up to its terminator is dropped", () => {
    const long = '7;' + 'A'.repeat(MAX_STRING + 5000);
    const cut = long.slice(0, MAX_STRING); // the payload: everything after the introducer
    expect(one(`a\x1b]${long}\x07b`)).toBe(`a\x1b]${cut}\x07b`);
    expect(one(`a\x1b]${long}\x1b\\b`)).toBe(`a\x1b]${cut}\x1b\\b`);
    expect(one(`a\x1bP${long}\x1b\\b`)).toBe(`a\x1bP${cut}\x1b\\b`);
    expect(one(`a\u009d${long}\u009cb`)).toBe(`a\u009d${cut}\u009cb`); // 8-bit OSC and ST
    expect(one(`a\x1b_${long}\x18b`)).toBe(`a\x1b_${cut}\x18b`); // CAN aborts it
    // Split across chunks anywhere, the same.
    const split = `a\x1b]${long}\x07b`;
    for (const at of [
      1,
      3,
      4,
      100,
      MAX_STRING,
      MAX_STRING + 3,
      MAX_STRING + 4,
      split.length - 2,
      split.length - 1,
    ]) {
      expect(gate([split.slice(0, at), split.slice(at)]).text, `split at ${at}`).toBe(`a\x1b]${cut}\x07b`);
    }
    // A title keeps what the terminal keeps of one.
    const title = `0;${'T'.repeat(5000)}`;
    expect(one(`\x1b]${title}\x07`)).toBe(`\x1b]${title.slice(0, MAX_TITLE_STRING)}\x07`);
    // BEL ends an OSC only: in an APC it is data.
    expect(one(`\x1b_x\x07y\x1b\\`)).toBe(`\x1b_x\x07y\x1b\\`);
    // Short strings pass as they are, split anywhere.
    const short = 'a\x1b]0;title\x07b\x1b]7;file:///tmp\x1b\\c';
    for (let i = 1; i < short.length; i++) expect(gate([short.slice(0, i), short.slice(i)]).text).toBe(short);
  });

  it('an OSC that never ends costs xterm MAX_STRING characters, however much follows', () => {
    const g = new OutputGate();
    let handed = 0;
    g.feed('before\x1b]0;', 120, 40, (s) => (handed += s.length));
    const chunk = 'QUJD'.repeat(16384); // 64 KB of base64
    for (let i = 0; i < 160; i++) g.feed(chunk, 120, 40, (s) => (handed += s.length)); // 10 MB
    expect(handed).toBeLessThanOrEqual('before\x1b]0;'.length + MAX_STRING);
    expect(g.inString).toBe(true);
    // The terminal gives up on it (the string timeout): output is output again.
    g.endString();
    expect(gate(['x']).text).toBe('x');
    let after = '';
    g.feed('shown\r\n', 120, 40, (s) => (after += s));
    expect(after).toBe('shown\r\n');
  });

  it('a sequence split across chunks anywhere is still clamped', () => {
    const stream = 'ab\x1b[99999S\x9b99999T c\x1b\n[99999L\x1b[3;99999Hxyz\x1b[99999b';
    const want = one(stream);
    expect(want).toBe('ab\x1b[40S\x1b[40T c\n\x1b[40L\x1b[3;99999Hxyz\x1b[4800b');
    for (let i = 1; i < stream.length; i++) {
      for (let j = i; j < stream.length; j++) {
        expect(gate([stream.slice(0, i), stream.slice(i, j), stream.slice(j)]).text).toBe(want);
      }
    }
    // Byte by byte.
    expect(gate([...stream]).text).toBe(want);
  });

  it('drops a sequence too long to be real, keeping the controls inside it', () => {
    const long = `\x1b[${'9'.repeat(MAX_SEQUENCE)}\n${'9'.repeat(5000)}S`;
    expect(one(`a${long}b`)).toBe('a\nb');
    // Across many chunks, without holding back more than a sequence's worth.
    const chunks = [`a\x1b[`, ...Array.from({ length: 100 }, () => '9'.repeat(100)), 'Sb'];
    expect(gate(chunks).text).toBe('ab');
    // ESC followed by endless controls: they run, nothing piles up.
    expect(gate(['x\x1b', '\n'.repeat(10000), '[99999S']).text).toBe(`x${'\n'.repeat(10000)}\x1b[40S`);
  });

  it('text and colours cut anywhere (inside an SGR too) pass whole and in order, each slice marked plain', () => {
    const text = 'ab \x1b[31mred\x1b[0m \x1b[38;2;1;2;3mrgb\x1b[m\r\n\tx\x1b[4:3mé漢\x1b[0;1m!\r\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const g = new OutputGate();
      const out: Array<[string, boolean | undefined]> = [];
      for (const c of [text.slice(0, cut), text.slice(cut), text])
        g.feed(c, 120, 40, (slice, plain) => out.push([slice, plain]));
      expect(out.map(([slice]) => slice).join(''), `cut at ${cut}`).toBe(text + text);
      expect(
        out.every(([, plain]) => plain === true),
        `cut at ${cut}`,
      ).toBe(true);
    }
    // Anything else takes the careful path (and is not marked plain).
    for (const other of ['a\x1b[2Jb', 'a\x07', 'a\x1b]0;t\x07', 'x\x9b2J', 'a\x1b[?25l']) {
      const marks: Array<boolean | undefined> = [];
      new OutputGate().feed(other, 120, 40, (_s, plain) => marks.push(plain));
      expect(marks.includes(true), JSON.stringify(other)).toBe(false);
    }
  });

  it('cuts the stream into slices of bounded cost, losing nothing', () => {
    const text = 'x'.repeat(100000);
    const t = gate([text]);
    expect(t.text).toBe(text);
    expect(Math.max(...t.slices.map((s) => s.length))).toBeLessThanOrEqual(SLICE_UNITS);
    // 6-byte sequences that each scroll 40 lines: far fewer of them per slice.
    const scrolls = '\x1b[40S'.repeat(5000);
    const s = gate([scrolls]);
    expect(s.text).toBe(scrolls);
    expect(Math.max(...s.slices.map((x) => x.length))).toBeLessThan(200);
    const resets = '\x1bc'.repeat(5000);
    expect(Math.max(...gate([resets]).slices.map((x) => x.length))).toBeLessThan(40);
  });
});

describe('the terminal behind the gate shows what xterm alone shows', () => {
  // A seeded mix of text, controls and sequences whose counts are already in range.
  function stream(seed: number, length: number): string {
    let x = seed;
    const rnd = (n: number) => {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      return x % n;
    };
    const parts = [
      'hello ',
      'wörld ',
      '日本',
      '😀',
      '\r\n',
      '\n',
      '\t',
      '\b',
      '\x1b[31m',
      '\x1b[0m',
      '\x1b[2J',
      '\x1b[H',
      '\x1b[K',
      '\x1b[3S',
      '\x1b[2T',
      '\x1b[L',
      '\x1b[2M',
      '\x1b[3@',
      '\x1b[2P',
      '\x1b[4X',
      'z\x1b[5b',
      '\x1b[Z',
      '\x1b[2I',
      '\x1b[5;10H',
      '\x1b[?25l',
      '\x1b[?7l',
      '\x1b[?7h',
      '\x1bM',
      '\x1bD',
      '\x1b7',
      '\x1b8',
      '\x1b[3;20r',
      '\x1b[r',
      '\x9b2S',
      '\x1b[1\n2C',
      'e\u0301',
    ];
    let out = '';
    while (out.length < length) out += parts[rnd(parts.length)];
    return out;
  }

  async function viaXterm(data: string, cols: number, rows: number): Promise<string[]> {
    const t = new xterm.Terminal({ cols, rows, scrollback: 100, allowProposedApi: true, logLevel: 'off' });
    await new Promise<void>((r) => t.write(data, r));
    const b = t.buffer.active;
    const lines = Array.from({ length: b.length }, (_, i) => b.getLine(i)!.translateToString(true));
    t.dispose();
    return lines;
  }

  it('for random streams fed in random chunks', async () => {
    for (let seed = 1; seed <= 6; seed++) {
      const data = stream(seed, 4000);
      const want = await viaXterm(data, 30, 10);
      const term = new HeadlessTerminal({ cols: 30, rows: 10, scrollback: 100 });
      let i = 0;
      let step = seed;
      while (i < data.length) {
        step = (step * 7 + 3) % 23;
        term.write(data.slice(i, i + 1 + step));
        i += 1 + step;
      }
      await term.flush();
      const got = Array.from({ length: term.lineCount }, (_, k) => term.lineText(k));
      term.dispose();
      expect(got).toEqual(want);
    }
  });

  it('a clamped scroll leaves the screen as the full count would', async () => {
    const fill = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\r\n');
    const term = new HeadlessTerminal({ cols: 20, rows: 8, scrollback: 0 });
    term.write(`${fill}\x1b[99999S\x1b[Hafter`);
    await term.flush();
    const want = await viaXterm(`${fill}\x1b[999S\x1b[Hafter`, 20, 8);
    expect(Array.from({ length: 8 }, (_, k) => term.lineText(k))).toEqual(want.slice(-8));
    term.dispose();
  });
});
