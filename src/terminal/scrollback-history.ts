import type { IBufferCell, IDisposable, Terminal as XTerminal } from '@xterm/headless';
import { CompactRing } from './compact-ring.js';
import { CopiedLine, compactText, decodeLine, encodeLine, type RawBufferLine } from './compact-line.js';
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
interface BufferSet { normal: { lines: LineList }; active: unknown; reset(): void }
interface Core { _bufferService?: { buffers?: BufferSet } }

/** Lines are packed this long after they left xterm (unless a flood is still going on)... */
const PACK_DELAY_MS = 50;
/** ...this many per turn of the event loop (~0.5 ms), so packing never holds up a key's echo. */
const PACK_PER_TURN = 200;
/** While other output waits to be parsed, packing waits too, unless this many copies are waiting. */
const COPIES_WHILE_BUSY = 512;
/** Buffers of copies that went (packed or pushed out), for the next copies. */
const SPARE_BUFFERS = 64;

/**
 * Scrollback older than what xterm keeps: every line xterm drops off the top of the normal
 * buffer is packed (compact-line) into a ring before xterm reuses it. xterm offers no public
 * hook for this, so the few CircularList methods that drop lines are wrapped on the instance.
 * Clear-scrollback (ESC[3J) and reset (ESC c) clear the history, as they clear xterm's.
 *
 * During a flood (`deferred()`) a line is first kept as a copy of xterm's cells and packed once
 * the flood is over: most of them are pushed out again before that (packing every line cost a
 * third of a flood's parse time). Packing also waits while other output waits to be parsed
 * (`busy()`), for a while; reading a line packs it at once. Outside floods lines are packed as
 * they leave xterm, as a copy would only add to the work.
 */
export class ScrollbackHistory {
  private readonly ring: CompactRing<string | CopiedLine>;
  /** The newest entries that may still be copies. */
  private unpacked = 0;
  private packTimer: NodeJS.Timeout | null = null;
  private packImmediate: NodeJS.Immediate | null = null;
  private readonly spare: Uint32Array[] = [];
  private readonly buffers: BufferSet | undefined;
  private hooked: LineList | null = null;
  private discardTrim = false;
  private readonly subs: IDisposable[] = [];

  constructor(
    private readonly term: XTerminal,
    capacity: number,
    private readonly cell: IBufferCell,
    private readonly deferred: () => boolean = () => false,
    private readonly busy: () => boolean = () => false,
  ) {
    this.ring = new CompactRing(capacity);
    this.buffers = (term as unknown as { _core?: Core })._core?._bufferService?.buffers;
    if (capacity <= 0 || !this.buffers) return; // nothing to keep (or an xterm we cannot read)
    const buffers = this.buffers;
    const reset = buffers.reset;
    buffers.reset = () => {
      reset.call(buffers);
      this.clear();
      this.hook();
    };
    this.subs.push(term.parser.registerCsiHandler({ final: 'J' }, (params) => {
      if (params[0] === 3 && buffers.active === buffers.normal) {
        this.clear();
        // xterm's own handler runs next and trims its scrollback: those lines are cleared too.
        this.discardTrim = buffers.normal.lines.length - term.rows > 0;
      }
      return false;
    }));
    this.hook();
  }

  /** Lines held here (all older than xterm's buffer); 0 while the alternate screen shows. */
  get length(): number {
    if (!this.buffers || this.buffers.active !== this.buffers.normal) return 0;
    this.hook();
    return this.ring.length;
  }

  text(index: number): string {
    const s = this.packed(index);
    return s === undefined ? '' : compactText(s);
  }

  runs(index: number, cols: number): StyledRun[] {
    return decodeLine(this.packed(index) ?? '', cols);
  }

  /** Lines not packed yet (for tests). */
  get copies(): number {
    let n = 0;
    for (let i = this.ring.length - this.unpacked; i < this.ring.length; i++) if (typeof this.ring.get(i) !== 'string') n++;
    return n;
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.clear();
  }

  private clear(): void {
    this.ring.clear();
    this.unpacked = 0;
    this.spare.length = 0;
    if (this.packTimer) clearTimeout(this.packTimer);
    if (this.packImmediate) clearImmediate(this.packImmediate);
    this.packTimer = null;
    this.packImmediate = null;
  }

  /** Line `index` packed (packing it now if it is still a copy). */
  private packed(index: number): string | undefined {
    const e = this.ring.get(index);
    if (e === undefined || typeof e === 'string') return e;
    const s = encodeLine(e, this.cell);
    this.ring.set(index, s);
    this.reuse(e);
    return s;
  }

  private reuse(e: string | CopiedLine | undefined): void {
    if (e instanceof CopiedLine && this.spare.length < SPARE_BUFFERS) this.spare.push(e._data);
  }

  private keep(line: RawBufferLine): void {
    if (!this.deferred()) {
      // No flood: the line stays, pack it now (a copy would only add to the work).
      this.reuse(this.ring.push(encodeLine(line, this.cell)));
      if (this.unpacked > 0 && this.unpacked < this.ring.length) this.unpacked++;
      return;
    }
    this.reuse(this.ring.push(new CopiedLine(line, this.spare.pop())));
    if (this.unpacked < this.ring.length) this.unpacked++;
    if (!this.packTimer && !this.packImmediate) this.packTimer = setTimeout(this.pack, PACK_DELAY_MS);
  }

  /** Packs the copies, oldest first, a few hundred a turn; waits while a flood goes on. */
  private readonly pack = (): void => {
    this.packTimer = null;
    this.packImmediate = null;
    if (this.deferred() || (this.unpacked < COPIES_WHILE_BUSY && this.busy())) {
      this.packTimer = setTimeout(this.pack, PACK_DELAY_MS);
      return;
    }
    this.unpacked = Math.min(this.unpacked, this.ring.length);
    const n = Math.min(this.unpacked, PACK_PER_TURN);
    const from = this.ring.length - this.unpacked;
    for (let i = from; i < from + n; i++) this.packed(i);
    this.unpacked -= n;
    if (this.unpacked > 0) this.packImmediate = setImmediate(this.pack);
  };

  /** Wraps the normal buffer's line list (again after xterm replaced it, e.g. on clear). */
  private hook(): void {
    const lines = this.buffers?.normal.lines;
    if (!lines || lines === this.hooked) return;
    if (this.hooked) this.clear(); // a new list means xterm started the buffer over
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
        this.keep(i < start ? lines.get(i) : i < start + items.length ? items[i - start] : lines.get(i - items.length + deleteCount));
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
