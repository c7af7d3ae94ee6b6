import { afterEach, describe, expect, it } from 'vitest';
import { HeadlessTerminal } from '../../src/terminal/headless-terminal.js';

// A line feed at the foot of the scroll region moves the rows of the region up one; the terminal
// says so (movedRows), and which rows were written since, where they stand after the move: a
// painter that moves what it drew paints only those. Anything it cannot follow as a move says
// nothing (null), and changedRows still names every row that differs on the screen.

const terms: HeadlessTerminal[] = [];
afterEach(() => {
  while (terms.length) terms.pop()!.dispose();
});

async function term(rows = 6): Promise<HeadlessTerminal> {
  const t = new HeadlessTerminal({ cols: 20, rows, scrollback: 100 });
  terms.push(t);
  // A full screen, the cursor on the last row.
  await feed(t, Array.from({ length: rows }, (_, i) => `line ${i}`).join('\r\n'));
  return t;
}

async function feed(t: HeadlessTerminal, data: string): Promise<void> {
  t.write(data);
  await t.flush();
}

const text = (t: HeadlessTerminal, y: number) =>
  t
    .readRow(y, 0)
    .map((r) => r.text)
    .join('')
    .trimEnd();

describe('rows that moved', () => {
  it("Enter at the foot, then a program's line: two moves, the two rows written where they are now", async () => {
    const t = await term();
    const v = t.screenVersion;
    await feed(t, '\r\n');
    expect(t.movedRows(v)).toEqual({ n: 1, top: 0, bottom: 5, dirty: { start: 4, end: 5 } });
    await feed(t, 'cat\r\n');
    // Against the version before both: two lines up, "line 5" moved to row 3 unwritten, and the
    // rows from "cat" down written.
    expect(t.movedRows(v)).toEqual({ n: 2, top: 0, bottom: 5, dirty: { start: 3, end: 5 } });
    expect(text(t, 3)).toBe('line 5');
    expect(text(t, 4)).toBe('cat');
    // What differs on the screen is every row of the region, as before.
    expect(t.changedRows(v)).toEqual({ start: 0, end: 5 });
  });

  it('a line written at the foot in the same write as its line feed is found where it moved', async () => {
    const t = await term();
    const v = t.screenVersion;
    await feed(t, 'x\r\ny');
    const m = t.movedRows(v)!;
    expect(m.n).toBe(1);
    expect(text(t, 4)).toBe('line 5x');
    expect(text(t, 5)).toBe('y');
    expect(m.dirty!.start).toBeLessThanOrEqual(4);
    expect(m.dirty!.end).toBe(5);
  });

  it('a scroll region (a status line below it) moves only its rows', async () => {
    const t = await term();
    await feed(t, '\x1b[1;4r\x1b[4;1H');
    const v = t.screenVersion;
    await feed(t, '\nnew');
    expect(t.movedRows(v)).toEqual({ n: 1, top: 0, bottom: 3, dirty: { start: 2, end: 3 } });
    expect(text(t, 5)).toBe('line 5');
  });

  it('says nothing it cannot follow: no move, an erase of the screen, the alternate screen, moves of two regions, a resize, more lines than rows', async () => {
    const t = await term();
    let v = t.screenVersion;
    await feed(t, 'x');
    expect(t.movedRows(v)).toBeNull();
    expect(t.changedRows(v)).toEqual({ start: 5, end: 5 });

    v = t.screenVersion;
    await feed(t, '\r\n\x1b[2J');
    expect(t.movedRows(v)).not.toBeNull(); // (erased rows are written rows)
    expect(t.movedRows(v)!.dirty).toEqual({ start: 0, end: 5 });

    v = t.screenVersion;
    await feed(t, '\x1b[?1049h');
    expect(t.movedRows(v)).toBeNull();
    expect(t.changedRows(v)).toBe('all');
    await feed(t, '\x1b[?1049l');

    v = t.screenVersion;
    await feed(t, '\x1b[6;1H\r\n\x1b[1;3r\x1b[3;1H\n\x1b[r');
    expect(t.movedRows(v)).toBeNull();

    v = t.screenVersion;
    await feed(t, '\x1b[6;1H' + '\r\n'.repeat(6));
    expect(t.movedRows(v)).toBeNull();

    v = t.screenVersion;
    t.resize(20, 8);
    await feed(t, '\r\n');
    expect(t.movedRows(v)).toBeNull();
    expect(t.changedRows(v)).toBe('all');
  });

  it('CSI S scrolls without a move: its rows are all changed', async () => {
    const t = await term();
    const v = t.screenVersion;
    await feed(t, '\x1b[S');
    expect(t.movedRows(v)).toBeNull();
    expect(t.changedRows(v)).toEqual({ start: 0, end: 5 });
  });
});
