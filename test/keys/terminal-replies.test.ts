// The user's terminal's replies to queries (OSC, DCS, APC, CSI) are read as one event each, whole
// or cut across reads, early or late, and encodeForPty types none of them into an agent; the keys
// around them, and the keys that look like their start (alt+], alt+P, alt+_, ESC), still go through.
import { describe, expect, it } from 'vitest';
import type { KeyEvent } from '../../src/keys/key-event.js';
import { KeyParser } from '../../src/keys/parse-keys.js';
import { encodeForPty } from '../../src/keys/encode-key.js';
import { FakeClock } from '../support/fake-clock.js';
import { byteChunks, bytes, k, parseAll, rng, sequences } from '../support/keys.js';

const E = '\x1b';
const ST = `${E}\\`;
const NORMAL = { applicationCursorKeys: false, bracketedPaste: false };
const typed = (evs: KeyEvent[]) => evs.map((ev) => encodeForPty(ev, NORMAL)).join('');

// What terminals answer: [what, the reply].
const REPLIES: Array<[string, string]> = [
  ['OSC 11 background colour, BEL', `${E}]11;rgb:1e1e/1e1e/2e2e\x07`],
  ['OSC 10 foreground colour, ST', `${E}]10;rgb:ffff/ffff/ffff${ST}`],
  ['OSC 4 palette colour', `${E}]4;1;rgb:cdcd/0000/0000\x07`],
  ['OSC 52 clipboard', `${E}]52;c;aGVsbG8gd29ybGQ=\x07`],
  ['DCS XTVERSION', `${E}P>|XTerm(388)${ST}`],
  ['DCS XTVERSION with spaces', `${E}P>|WezTerm 20240203-110809-5046fc22${ST}`],
  ['DCS DECRQSS', `${E}P1$r0;1m${ST}`],
  ['DCS DECRQSS refused', `${E}P0$r${ST}`],
  ['DCS XTGETTCAP', `${E}P1+r544e=787465726d${ST}`],
  ['DCS DA3', `${E}P!|7E565445${ST}`],
  ['APC kitty graphics', `${E}_Gi=31;OK${ST}`],
  ['CSI DA1', `${E}[?62;22c`],
  ['CSI DA2', `${E}[>1;4000;0c`],
  ['CSI DSR', `${E}[0n`],
  ['CSI cursor position', `${E}[12;40R`],
  ['CSI DECRPM', `${E}[?2026;2$y`],
  ['CSI ANSI mode report', `${E}[4;2$y`],
  ['CSI window size', `${E}[8;24;80t`],
  ['CSI kitty keyboard flags', `${E}[?1u`],
  ['CSI colour scheme', `${E}[?997;1n`],
];

/** Random splits of the UTF-8 bytes (seeded). */
function randomChunks(s: string, seed: number): Buffer[] {
  const b = bytes(s);
  const r = rng(seed);
  const out: Buffer[] = [];
  for (let i = 0; i < b.length;) {
    const n = 1 + Math.floor(r() * 5);
    out.push(b.subarray(i, i + n));
    i += n;
  }
  return out;
}

describe('a reply of the terminal between two keys', () => {
  for (const [what, reply] of REPLIES) {
    const input = `a${reply}b`;
    it(`${what}: one event, typed into no agent, in one read, byte by byte and in random pieces`, () => {
      for (const [how, chunks] of [
        ['whole', [bytes(input)]],
        ['bytes', byteChunks(input)],
        ['random', randomChunks(input, reply.length)],
      ] as const) {
        const evs = parseAll([...chunks]);
        expect(evs, how).toMatchObject([k('a'), { kind: 'key', name: 'unknown', sequence: reply }, k('b')]);
        expect(evs, how).toHaveLength(3);
        expect(typed(evs), how).toBe('ab');
      }
    });
  }

  it('several, back to back, as a terminal answers a batch of queries', () => {
    const all = REPLIES.map(([, r]) => r).join('');
    const evs = parseAll(byteChunks(`x${all}y`));
    expect(evs).toHaveLength(REPLIES.length + 2);
    expect(sequences(evs)).toBe(`x${all}y`);
    expect(typed(evs)).toBe('xy');
  });
});

describe('the keys that look like a reply start', () => {
  it.each([
    ['alt+]', `${E}]`, [k(']', 'alt')]],
    ['alt+P', `${E}P`, [k('P', 'alt+shift')]],
    ['alt+_', `${E}_`, [k('_', 'alt')]],
    ['alt+] then x', `${E}]x`, [k(']', 'alt'), k('x')]],
    ['alt+P then q', `${E}Pq`, [k('P', 'alt+shift'), k('q')]],
    ['alt+_ then a', `${E}_a`, [k('_', 'alt'), k('a')]],
    ['escape', E, [k('escape')]],
    ['escape, then a reply in the same read', `${E}${E}]11;rgb:0/0/0\x07`, [k('escape'), k('unknown')]],
    ['escape, then a DA1 reply in the same read', `${E}${E}[?62;22c`, [k('escape'), k('unknown')]],
    ['escape, then a DCS reply in the same read', `${E}${E}P>|xterm${ST}`, [k('escape'), k('unknown')]],
    ['alt+escape', `${E}${E}`, [k('escape', 'alt')]],
    ['alt+up (rxvt)', `${E}${E}[A`, [k('up', 'alt')]],
  ])('%s', (_what, input, expected) => {
    const evs = parseAll([bytes(input)]);
    expect(evs).toMatchObject(expected);
    expect(evs).toHaveLength(expected.length);
    expect(sequences(evs)).toBe(input);
  });

  it('alt+], alt+P and alt+_ are typed into the agent as ESC and the key', () => {
    expect(typed(parseAll([bytes(`${E}]`)]))).toBe(`${E}]`);
    expect(typed(parseAll([bytes(`${E}P`)]))).toBe(`${E}P`);
    expect(typed(parseAll([bytes(`${E}_`)]))).toBe(`${E}_`);
    expect(typed(parseAll([bytes(`${E}${E}]11;rgb:0/0/0\x07`)]))).toBe(E);
  });

  it('a bracketed paste holding replies pastes them as they are', () => {
    const body = `see ${E}]11;rgb:0/0/0\x07 and ${E}P>|x${ST} and ${E}[?62c`;
    const evs = parseAll(byteChunks(`${E}[200~${body}${E}[201~`));
    expect(evs).toMatchObject([{ kind: 'paste', text: body }]);
    expect(encodeForPty(evs[0], { applicationCursorKeys: false, bracketedPaste: true })).toBe(
      `${E}[200~${body}${E}[201~`,
    );
  });
});

describe('a reply cut short', () => {
  it('by a key (enter, an arrow, ctrl+c): the cut part is dropped, the key is a key', () => {
    for (const [tail, key] of [
      ['\r', k('enter')],
      [`${E}[A`, k('up')],
      ['\x03', k('c', 'ctrl')],
    ] as const) {
      const evs = parseAll(byteChunks(`${E}]11;rgb:00${tail}`));
      expect(evs).toMatchObject([{ name: 'unknown', sequence: `${E}]11;rgb:00` }, key]);
      expect(typed(evs)).toBe(encodeForPty(evs[1], NORMAL));
    }
  });

  it('by the end of the input: dropped', () => {
    for (const cut of [
      `${E}]11;rgb:00`,
      `${E}P>|XTe`,
      `${E}_Gi=3`,
      `${E}[?62;`,
      `${E}[12;4`,
      `${E}]10;x${E}`,
    ]) {
      const evs = parseAll([bytes(cut)]);
      expect(sequences(evs)).toBe(cut);
      expect(typed(evs), JSON.stringify(cut)).toBe(cut.endsWith(E) ? E : '');
    }
  });
});

describe('a reply cut across reads, later than a lone ESC waits', () => {
  function parser() {
    const clock = new FakeClock();
    const evs: KeyEvent[] = [];
    const p = new KeyParser((ev) => evs.push(ev), { clock, escapeTimeoutMs: 25, replyTimeoutMs: 1000 });
    return { clock, evs, p };
  }

  it.each([
    ['OSC', `${E}]11;rgb:1e1e/`, `1e1e/2e2e\x07`],
    ['DCS', `${E}P>|XTer`, `m(388)${ST}`],
    ['DCS, cut inside its ST', `${E}P1$r0m${E}`, '\\'],
    ['APC', `${E}_Gi=31;`, `OK${ST}`],
    ['CSI DA1', `${E}[?62;`, '22c'],
    ['CSI cursor position', `${E}[12;4`, '0R'],
  ])('%s: still one event, typed nowhere; the keys after it are keys', async (_what, first, rest) => {
    const { clock, evs, p } = parser();
    p.feed(bytes(first));
    await clock.advance(300); // (a slow link: well past the escape timeout)
    expect(evs).toEqual([]);
    p.feed(bytes(rest));
    p.feed(bytes('ok'));
    expect(evs).toMatchObject([{ name: 'unknown', sequence: first + rest }, k('o'), k('k')]);
    expect(typed(evs)).toBe('ok');
    p.dispose();
  });

  it('a key cut the same way is still the key (ctrl+up)', async () => {
    const { clock, evs, p } = parser();
    p.feed(bytes(`${E}[1;5`));
    await clock.advance(300);
    p.feed(bytes('A'));
    expect(evs).toMatchObject([k('up', 'ctrl')]);
    p.dispose();
  });

  it('a reply whose end never comes is dropped at the deadline, and keys are keys again', async () => {
    const { clock, evs, p } = parser();
    p.feed(bytes(`${E}]11;rgb:1e1e/`));
    await clock.advance(999);
    expect(evs).toEqual([]);
    await clock.advance(1);
    expect(evs).toMatchObject([{ name: 'unknown', sequence: `${E}]11;rgb:1e1e/` }]);
    p.feed(bytes('x'));
    expect(evs).toMatchObject([{ name: 'unknown' }, k('x')]);
    expect(typed(evs)).toBe('x');
    p.dispose();
  });

  it('alt+] typed alone is alt+] once the escape timeout passes', async () => {
    const { clock, evs, p } = parser();
    p.feed(bytes(`${E}]`));
    await clock.advance(25);
    expect(evs).toMatchObject([k(']', 'alt')]);
    expect(typed(evs)).toBe(`${E}]`);
    p.dispose();
  });
});
