import type { IBufferCell, IDisposable, Terminal as XTerminal } from '@xterm/headless';
import { CompactRing } from './compact-ring.js';
import { compactText, decodeLine, encodeLine, type RawBufferLine } from './compact-line.js';
import type { StyledRun } from './styled-run.js';

/** xterm's internal CircularList of buffer lines (the methods that drop the oldest lines). */
interface LineList {
  length: number;
  maxLength: number;
  get(i: number): RawBufferLine;
  recycle(): RawBufferLine;
  push(line: RawBufferLine): void;
  splice(start: number, deleteCount: number, ...items: RawBufferLine[]): void;
  trimStart(count: number): void;
}
interface BufferSet {
  normal: { lines: LineList };
  active: unknown;
  reset(): void;
}
interface Core {
  _bufferService?: { buffers?: BufferSet };
}

/**
 * Scrollback older than what xterm keeps: every line xterm drops off the top of the normal
 * buffer is packed (compact-line) into a ring before xterm reuses it. xterm offers no public
 * hook for this, so the few CircularList methods that drop lines are wrapped on the instance.
 * Clear-scrollback (ESC[3J) and reset (ESC c) clear the history, as they clear xterm's.
 */
export class ScrollbackHistory {
  private readonly ring: CompactRing;
  private readonly buffers: BufferSet | undefined;
  private hooked: LineList | null = null;
  private discardTrim = false;
  private readonly subs: IDisposable[] = [];

  constructor(
    private readonly term: XTerminal,
    capacity: number,
    private readonly cell: IBufferCell,
  ) {
    this.ring = new CompactRing(capacity);
    this.buffers = (term as unknown as { _core?: Core })._core?._bufferService?.buffers;
    if (capacity <= 0 || !this.buffers) return; // nothing to keep (or an xterm we cannot read)
    const buffers = this.buffers;
    const reset = buffers.reset;
    buffers.reset = () => {
      reset.call(buffers);
      this.ring.clear();
      this.hook();
    };
    this.subs.push(
      term.parser.registerCsiHandler({ final: 'J' }, (params) => {
        if (params[0] === 3 && buffers.active === buffers.normal) {
          this.ring.clear();
          // xterm's own handler runs next and trims its scrollback: those lines are cleared too.
          this.discardTrim = buffers.normal.lines.length - term.rows > 0;
        }
        return false;
      }),
    );
    this.hook();
  }

  /** Lines held here (all older than xterm's buffer); 0 while the alternate screen shows. */
  get length(): number {
    if (!this.buffers || this.buffers.active !== this.buffers.normal) return 0;
    this.hook();
    return this.ring.length;
  }

  text(index: number): string {
    const s = this.ring.get(index);
    return s === undefined ? '' : compactText(s);
  }

  runs(index: number, cols: number): StyledRun[] {
    return decodeLine(this.ring.get(index) ?? '', cols);
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.ring.clear();
  }

  private keep(line: RawBufferLine): void {
    this.ring.push(encodeLine(line, this.cell));
  }

  /** Wraps the normal buffer's line list (again after xterm replaced it, e.g. on clear). */
  private hook(): void {
    const lines = this.buffers?.normal.lines;
    if (!lines || lines === this.hooked) return;
    if (this.hooked) this.ring.clear(); // a new list means xterm started the buffer over
    this.hooked = lines;
    const { recycle, push, splice, trimStart } = lines;
    lines.recycle = () => {
      this.keep(lines.get(0));
      return recycle.call(lines);
    };
    lines.push = (line) => {
      if (lines.length === lines.maxLength) this.keep(lines.get(0));
      push.call(lines, line);
    };
    lines.splice = (start, deleteCount, ...items) => {
      // The first `over` lines of the result are dropped: keep them before they are overwritten.
      const over = lines.length - deleteCount + items.length - lines.maxLength;
      for (let i = 0; i < over; i++) {
        this.keep(
          i < start
            ? lines.get(i)
            : i < start + items.length
              ? items[i - start]
              : lines.get(i - items.length + deleteCount),
        );
      }
      splice.call(lines, start, deleteCount, ...items);
    };
    lines.trimStart = (count) => {
      if (this.discardTrim) this.discardTrim = false;
      else for (let i = 0; i < Math.min(count, lines.length); i++) this.keep(lines.get(i));
      trimStart.call(lines, count);
    };
  }
}
