import type { IDisposable, Terminal } from '@xterm/headless';

export interface RowRange {
  start: number;
  end: number;
}

/**
 * The screen's rows top..bottom moved up `n` since a version (line feeds at the foot of the
 * scroll region), and `dirty`: the rows written since, where they are now (null: none). A
 * painter that shifts what it drew of those rows up `n` paints only `dirty` again.
 */
export interface RowsMoved {
  n: number;
  top: number;
  bottom: number;
  dirty: RowRange | null;
}

type Event<T> = (listener: (e: T) => void) => IDisposable;
/** The private xterm parts that tell which rows changed (no public API exposes them). */
interface Core {
  _inputHandler?: {
    onRequestRefreshRows?: Event<RowRange | undefined>;
    onRequestReset?: Event<void>;
    markRangeDirty?: (start: number, end: number) => void;
    _dirtyRowTracker?: { start: number; end: number; markDirty(y: number): void };
  };
  _bufferService?: {
    buffers?: { onBufferActivate?: Event<unknown> };
    scroll?: (...args: unknown[]) => void;
  };
}

/** Moves remembered: a painter further behind than that paints the moved rows again. */
const MOVES_KEPT = 256;

/**
 * Which rows of a terminal's screen changed since a version the caller saw: xterm reports the
 * rows each write touched (for its renderer); every report is a new version. A painter that
 * remembers the version it drew repaints only those rows (a key's echo touches one). Anything
 * this cannot follow (reset, alternate screen, resize, an xterm without the events) is 'all'.
 *
 * A line feed at the foot of the scroll region moves every row of it up one, which xterm
 * reports as all of them changed. Here it is followed as a move (`moved`): the rows a write
 * touched are known where they are after it, so a painter shifts what it drew and paints only
 * those (Enter at a full panel's foot: one row, not every row).
 */
export class ScreenChanges {
  private current = 1;
  private allAt = 1;
  /** The version each row last changed at, where it stands (a move changes every row it moves). */
  private rowAt: Uint32Array;
  /** The version each row's line was last written at: moved with its line. */
  private lineAt: Uint32Array;
  private moves: Array<{ v: number; top: number; bottom: number }> = [];
  /** Moves at versions up to this one were forgotten. */
  private forgotten = 0;
  private readonly subs: IDisposable[] = [];
  private readonly followed: boolean;
  /** Lines scrolled up so far (any scroll region): a painter's hint of how far its rows moved. */
  scrolled = 0;

  constructor(term: Terminal) {
    this.rowAt = new Uint32Array(term.rows);
    this.lineAt = new Uint32Array(term.rows);
    const core = (term as unknown as { _core?: Core })._core;
    const refresh = core?._inputHandler?.onRequestRefreshRows;
    const reset = core?._inputHandler?.onRequestReset;
    const activate = core?._bufferService?.buffers?.onBufferActivate;
    this.followed =
      typeof refresh === 'function' && typeof reset === 'function' && typeof activate === 'function';
    if (!this.followed) return;
    this.subs.push(
      refresh!((r) => this.mark(r)),
      reset!(() => this.all()),
      activate!(() => this.all()),
      term.onScroll(() => this.scrolled++),
    );
    this.followMoves(core!);
  }

  /** Changes so far (a number that only grows). */
  get version(): number {
    return this.current;
  }

  /** The rows changed after `version` (null: none), or 'all'. */
  since(version: number): RowRange | 'all' | null {
    if (!this.followed || this.allAt > version) return 'all';
    return after(this.rowAt, version);
  }

  /** The rows that moved after `version`, and those written (see RowsMoved); null: none moved, or not known. */
  moved(version: number): RowsMoved | null {
    if (!this.followed || this.allAt > version || version < this.forgotten) return null;
    let n = 0;
    let top = -1;
    let bottom = -1;
    for (let i = this.moves.length - 1; i >= 0; i--) {
      const m = this.moves[i]!;
      if (m.v <= version) break;
      if (n > 0 && (m.top !== top || m.bottom !== bottom)) return null;
      top = m.top;
      bottom = m.bottom;
      n++;
    }
    if (n === 0 || n > bottom - top) return null;
    return { n, top, bottom, dirty: after(this.lineAt, version) };
  }

  resized(rows: number): void {
    this.rowAt = new Uint32Array(rows);
    this.lineAt = new Uint32Array(rows);
    this.moves = [];
    this.all();
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }

  /**
   * xterm marks the whole region changed when it scrolls (its scroll listener calls
   * `markRangeDirty`, inside `scroll`): that call is taken as the move, and the rows the write
   * under way touched before it are moved up with their lines.
   */
  private followMoves(core: Core): void {
    const input = core._inputHandler!;
    const buffers = core._bufferService!;
    const tracker = input._dirtyRowTracker;
    const scroll = buffers.scroll;
    const markRange = input.markRangeDirty;
    if (!tracker || typeof scroll !== 'function' || typeof markRange !== 'function') return;
    let inScroll = false;
    buffers.scroll = function (this: unknown, ...args: unknown[]) {
      inScroll = true;
      try {
        scroll.apply(this, args);
      } finally {
        inScroll = false;
      }
    };
    input.markRangeDirty = (start: number, end: number) => {
      if (!inScroll) return markRange.call(input, start, end);
      inScroll = false;
      const moveUp = (y: number) => (y >= start && y <= end ? Math.max(start, y - 1) : y);
      tracker.start = moveUp(tracker.start);
      tracker.end = moveUp(tracker.end);
      tracker.markDirty(end);
      this.move(start, end);
    };
    this.subs.push({
      dispose: () => {
        buffers.scroll = scroll;
        input.markRangeDirty = markRange;
      },
    });
  }

  private move(top: number, bottom: number): void {
    const rows = this.rowAt.length;
    if (top < 0 || bottom >= rows || top >= bottom) return this.all();
    // The version the write under way reports when it ends.
    const v = this.current + 1;
    this.rowAt.fill(v, top, bottom + 1);
    this.lineAt.copyWithin(top, top + 1, bottom + 1);
    this.lineAt[bottom] = v;
    this.moves.push({ v, top, bottom });
    if (this.moves.length > MOVES_KEPT) this.forgotten = this.moves.shift()!.v;
  }

  private mark(r: RowRange | undefined): void {
    const v = ++this.current;
    if (!r) {
      this.allAt = v;
      return;
    }
    const last = Math.min(r.end, this.rowAt.length - 1);
    for (let y = Math.max(0, r.start); y <= last; y++) {
      this.rowAt[y] = v;
      this.lineAt[y] = v;
    }
  }

  private all(): void {
    this.allAt = ++this.current;
  }
}

/** The rows whose version is after `version` (null: none). */
function after(at: Uint32Array, version: number): RowRange | null {
  let start = -1;
  let end = -1;
  for (let y = 0; y < at.length; y++) {
    if (at[y]! <= version) continue;
    if (start < 0) start = y;
    end = y;
  }
  return start < 0 ? null : { start, end };
}
