import type { IDisposable, Terminal } from '@xterm/headless';

export interface RowRange {
  start: number;
  end: number;
}
type Event<T> = (listener: (e: T) => void) => IDisposable;
/** The private xterm events that tell which rows changed (no public API exposes them). */
interface Core {
  _inputHandler?: { onRequestRefreshRows?: Event<RowRange | undefined>; onRequestReset?: Event<void> };
  _bufferService?: { buffers?: { onBufferActivate?: Event<unknown> } };
}

/**
 * Which rows of a terminal's screen changed since a version the caller saw: xterm reports the
 * rows each write touched (for its renderer); every report is a new version. A painter that
 * remembers the version it drew repaints only those rows (a key's echo touches one). Anything
 * this cannot follow (reset, alternate screen, resize, an xterm without the events) is 'all'.
 */
export class ScreenChanges {
  private current = 1;
  private allAt = 1;
  private rowAt: Uint32Array;
  private readonly subs: IDisposable[] = [];
  private readonly followed: boolean;
  /** Lines scrolled up so far (any scroll region): a painter's hint of how far its rows moved. */
  scrolled = 0;

  constructor(term: Terminal) {
    this.rowAt = new Uint32Array(term.rows);
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
  }

  /** Changes so far (a number that only grows). */
  get version(): number {
    return this.current;
  }

  /** The rows changed after `version` (null: none), or 'all'. */
  since(version: number): RowRange | 'all' | null {
    if (!this.followed || this.allAt > version) return 'all';
    let start = -1;
    let end = -1;
    const rows = this.rowAt;
    for (let y = 0; y < rows.length; y++) {
      if (rows[y] <= version) continue;
      if (start < 0) start = y;
      end = y;
    }
    return start < 0 ? null : { start, end };
  }

  resized(rows: number): void {
    this.rowAt = new Uint32Array(rows);
    this.all();
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }

  private mark(r: RowRange | undefined): void {
    const v = ++this.current;
    if (!r) {
      this.allAt = v;
      return;
    }
    const last = Math.min(r.end, this.rowAt.length - 1);
    for (let y = Math.max(0, r.start); y <= last; y++) this.rowAt[y] = v;
  }

  private all(): void {
    this.allAt = ++this.current;
  }
}
