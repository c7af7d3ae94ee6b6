import xterm from '@xterm/headless';
import unicode11 from '@xterm/addon-unicode11';
import { expect, onTestFinished } from 'vitest';
import { HeadlessTerminal } from '../../src/terminal/headless-terminal.js';
import { readLine } from '../../src/terminal/read-row.js';

// Our HeadlessTerminal against the reference: a bare xterm that parses every byte and keeps the
// whole scrollback, fed the same bytes. Whatever ours skips or packs, it must read back the same.

export interface XtermPair {
  ours: HeadlessTerminal;
  ref: xterm.Terminal;
  /** Writes `parts` to ours one by one at once (a queue of small slices, as a busy PTY delivers them), and all of them to xterm. */
  feed(data: string | string[]): Promise<void>;
}

/** A pair of terminals of this size, disposed when the test ends. */
export function xtermPair(cols: number, rows: number, scrollback: number): XtermPair {
  const ours = new HeadlessTerminal({ cols, rows, scrollback });
  const ref = new xterm.Terminal({ cols, rows, scrollback, allowProposedApi: true, logLevel: 'off' });
  ref.loadAddon(new unicode11.Unicode11Addon());
  ref.unicode.activeVersion = '11';
  onTestFinished(() => {
    ours.dispose();
    ref.dispose();
  });
  const feed = async (data: string | string[]) => {
    const parts = typeof data === 'string' ? [data] : data;
    for (const d of parts) ours.write(d);
    await ours.flush();
    await new Promise<void>((r) => ref.write(parts.join(''), r));
  };
  return { ours, ref, feed };
}

/** Ours holds what xterm holds: every line, the view at every 7th scroll offset and at the oldest, a snapshot, the cursor. */
export function expectSameAsXterm({ ours, ref }: Pick<XtermPair, 'ours' | 'ref'>): void {
  const buf = ref.buffer.active;
  const cell = buf.getNullCell();
  expect(ours.lineCount).toBe(buf.length);
  expect(ours.scrollbackLength).toBe(buf.baseY);
  for (let i = 0; i < buf.length; i++)
    expect(ours.lineText(i), `line ${i}`).toBe(buf.getLine(i)!.translateToString(true));
  const offsets = new Set([buf.baseY]);
  for (let offset = 0; offset <= buf.baseY; offset += 7) offsets.add(offset);
  for (const offset of offsets) {
    for (let y = 0; y < ref.rows; y++) {
      expect(ours.readRow(y, offset), `row ${y} at offset ${offset}`).toEqual(
        readLine(buf.getLine(buf.baseY - offset + y), ref.cols, cell),
      );
    }
  }
  const snap = ours.snapshot(buf.baseY);
  expect(snap.lines[0]).toEqual(readLine(buf.getLine(0), ref.cols, cell));
  expect(snap.scrollbackLength).toBe(buf.baseY);
  expect(ours.cursor()).toEqual({ x: buf.cursorX, y: buf.cursorY, visible: true });
}

/** Deterministic pseudo-random whole numbers below `k` (a linear congruential generator): the same output every run. */
export function seededRandom(seed: number): (k: number) => number {
  let s = seed;
  return (k) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % k;
  };
}
