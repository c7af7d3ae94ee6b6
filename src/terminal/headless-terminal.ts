import xterm from '@xterm/headless';
import type { IBufferCell, IBufferNamespace, IDisposable, Terminal as XTerminal } from '@xterm/headless';
import { OutputGate } from './output-gate.js';
import { readLine } from './read-row.js';
import { ScrollbackHistory } from './scrollback-history.js';
import { ScreenChanges, type RowRange, type RowsMoved } from './screen-changes.js';
import { ParsePump } from './parse-pump.js';
import { Signal } from './signal.js';
import { OscFacts, parseOsc7, parseProgress, type Progress } from './osc-facts.js';
import { StringTimeout } from './string-timeout.js';
import { plainEcho, type PlainEcho } from './plain-echo.js';
import { TitleEvents } from './title-events.js';
import { coreOf, keyModesOf, modesOf, type TerminalModes } from './terminal-modes.js';
import { FocusReports } from './focus-reports.js';

export type { TerminalModes } from './terminal-modes.js';
import type { StyledRun } from './styled-run.js';

export type { StyledRun } from './styled-run.js';
export {
  BLINK,
  BOLD,
  DEFAULT_COLOR,
  DIM,
  INVERSE,
  INVISIBLE,
  ITALIC,
  OVERLINE,
  STRIKETHROUGH,
  TRUECOLOR,
  UNDERLINE,
  isTruecolor,
} from './styled-run.js';

import unicode11 from '@xterm/addon-unicode11';

const { Terminal } = xterm;
const { Unicode11Addon } = unicode11;

export interface ScreenSnapshot {
  cols: number;
  rows: number;
  /** Exactly `rows` lines, each covering exactly `cols` cells (trailing blanks included as a run). */
  lines: StyledRun[][];
  cursor: { x: number; y: number; visible: boolean };
  scrollOffset: number;
  scrollbackLength: number;
}

export { MAX_TITLE, TITLE_EVENT_MS } from './title-events.js';

/**
 * Scrollback lines xterm itself keeps (12 bytes a cell); older ones move to a compact history
 * (~1.5 bytes a cell). xterm's part still reflows on resize; the history keeps its width.
 */
export const XTERM_SCROLLBACK = 100;

function validSize(n: number): boolean {
  return Number.isFinite(n) && n >= 1;
}

export class HeadlessTerminal {
  private readonly term: XTerminal;
  /**
   * `term.buffer`, read once: its getter checks the proposed-API option through xterm's options
   * proxy on every call (~10 µs of each key's echo, read row by row).
   */
  private readonly buffers: IBufferNamespace;
  private readonly cell: IBufferCell;
  private readonly subs: IDisposable[] = [];
  private readonly replySig = new Signal<string>();
  private readonly parsedSig = new Signal<void>();
  private readonly titles = new TitleEvents();
  private readonly cwdSig = new Signal<string>();
  private readonly bellSig = new Signal<void>();
  private pending = 0;
  private disposed = false;
  private readonly history: ScrollbackHistory;
  private readonly changes: ScreenChanges;
  private readonly scrollbackLimit: number;

  private readonly strings: StringTimeout;

  constructor(opts: { cols: number; rows: number; scrollback?: number; stringTimeoutMs?: number }) {
    const scrollback = Math.max(0, Math.floor(opts.scrollback ?? 5000)) || 0;
    this.scrollbackLimit = scrollback;
    this.term = new Terminal({
      cols: validSize(opts.cols) ? Math.floor(opts.cols) : 80,
      rows: validSize(opts.rows) ? Math.floor(opts.rows) : 24,
      scrollback: Math.min(scrollback, XTERM_SCROLLBACK),
      allowProposedApi: true, // buffer access is "proposed" API in xterm
      logLevel: 'off', // xterm would otherwise console.warn into the TUI's own stdout
    });
    // Unicode 11 widths (emoji take two cells), as modern terminals and our painter count them.
    this.term.loadAddon(new Unicode11Addon());
    this.term.unicode.activeVersion = '11';
    this.buffers = this.term.buffer;
    this.cell = this.buffers.active.getNullCell();
    this.changes = new ScreenChanges(this.term);
    const kept = scrollback - Math.min(scrollback, XTERM_SCROLLBACK);
    this.history = new ScrollbackHistory(this.term, kept, this.buffers.active.getNullCell());
    const parser = coreOf(this.term)?._inputHandler?._parser;
    this.strings = new StringTimeout(
      () => (typeof parser?.currentState === 'number' ? parser.currentState : -1),
      () => {
        this.gate.endString(); // what comes next is output again, not the rest of the string
        this.term.write('\x18'); // CAN: back to the ground state, the open string dropped
      },
      opts.stringTimeoutMs,
    );
    this.subs.push(
      this.term.onData((d) => this.replySig.fire(d)),
      this.term.onWriteParsed(() => this.parsedSig.fire()),
      this.term.onTitleChange((t) => this.titles.set(t)),
      this.term.onBell(() => this.bellSig.fire()),
      ...this.osc.register(this.term.parser, (cwd) => this.cwdSig.fire(cwd)),
    );
    this.focus = new FocusReports(this.term, (d) => this.replySig.fire(d));
    this.subs.push(this.focus);
  }

  /** Where the focus is, as the program hears it in focus reports (it asked: DEC mode 1004). */
  readonly focus: FocusReports;

  /** What the program says about itself in OSC sequences: folder, prompt marks, progress, desktop notices, state marks. */
  readonly osc = new OscFacts();

  get progress(): Progress | null {
    return this.osc.progress;
  }

  get notification(): { text: string; at: number } | null {
    return this.osc.notification;
  }

  get oscMarks(): Readonly<Record<string, string>> {
    return this.osc.marks;
  }

  /** The shell integration marks say a prompt is showing (OSC 133 A or B last). */
  get atPrompt(): boolean {
    return this.osc.atPrompt;
  }

  write(data: string): void {
    if (this.disposed || data.length === 0) return;
    // Clamped and in slices of bounded parse cost: xterm yields to the event loop only between
    // writes, so no stream can hold the main thread (keys, other agents) for long.
    this.gate.feed(data, this.term.cols, this.term.rows, this.writeSlice);
  }

  private readonly gate = new OutputGate();
  private readonly writeSlice = (slice: string, plain?: boolean): void => {
    this.pending += slice.length;
    this.pump.push(slice, plain);
  };
  private readonly pump = new ParsePump((text, counted) => this.parseNow(text, counted), 2, {
    keepLines: () => this.scrollbackLimit + this.term.rows + 1,
    canSkip: () => {
      // Line feeds scroll the whole normal screen into the scrollback (no margins, no alt screen).
      const b = (
        this.term as unknown as {
          _core?: { _bufferService?: { buffer?: { scrollTop: number; scrollBottom: number } } };
        }
      )._core?._bufferService?.buffer;
      return (
        !!b &&
        this.buffers.active.type === 'normal' &&
        b.scrollTop === 0 &&
        b.scrollBottom === this.term.rows - 1
      );
    },
  });
  private flushWaiters: Array<() => void> = [];

  /** Parses one slice synchronously (xterm's user-input path: no timer before parsing). */
  private parseNow(slice: string, n: number): void {
    if (slice === '') return this.parsed(n); // dropped unseen (see ParsePump)
    const core = (this.term as unknown as { _core?: { _writeBuffer?: { handleUserInput?: () => void } } })
      ._core;
    core?._writeBuffer?.handleUserInput?.();
    try {
      this.term.write(slice, () => this.parsed(n));
    } catch {
      // xterm refuses input once 50 MB are queued: drop it rather than crash
      this.parsed(n);
    }
  }

  private parsed(n: number): void {
    this.pending -= n;
    if (this.pending > 0) return;
    this.strings.check();
    if (this.flushWaiters.length) for (const w of this.flushWaiters.splice(0)) w();
  }

  /**
   * The user just typed to this terminal's program: parse its next output (the echo) at once
   * instead of on xterm's next timer tick, as xterm does for its own keyboard input.
   */
  expectEcho(): void {
    this.pump.expectEcho();
  }

  /**
   * What `data`, about to be written, will print when it is the awaited echo of a key and plain
   * text at the cursor (see plain-echo.ts); null otherwise. Read before `write(data)`.
   */
  plainEcho(data: string): PlainEcho | null {
    if (this.disposed || this.pending > 0 || !this.pump.echoDue || !this.gate.idle) return null;
    return plainEcho(this.term, data);
  }

  /**
   * Nobody shows this terminal now: its output may be parsed in larger batches (see ParsePump).
   * Reading its screen brings it back.
   */
  hide(): void {
    this.pump.setBackground(true);
  }

  private shown(): void {
    this.pump.setBackground(false);
  }

  /** Holds parsing (queued output waits) until called with false. */
  hold(on: boolean): void {
    this.pump.hold(on);
  }

  /** Resolves once everything written so far has been parsed. */
  flush(): Promise<void> {
    if (this.disposed || this.pending <= 0) return Promise.resolve();
    return new Promise((resolve) => this.flushWaiters.push(resolve));
  }

  resize(cols: number, rows: number): void {
    if (this.disposed || !validSize(cols) || !validSize(rows)) return;
    cols = Math.floor(cols);
    rows = Math.floor(rows);
    if (cols === this.term.cols && rows === this.term.rows) return;
    this.term.resize(cols, rows);
    this.changes.resized(this.term.rows);
  }

  /** Changes to the live screen so far (see ScreenChanges). */
  get screenVersion(): number {
    return this.changes.version;
  }

  /** Live screen rows changed after `version` (null: none), or 'all'. */
  changedRows(version: number): RowRange | 'all' | null {
    return this.changes.since(version);
  }

  /** The live screen's rows that moved up after `version`, and those written (see RowsMoved). */
  movedRows(version: number): RowsMoved | null {
    return this.changes.moved(version);
  }

  /** Lines the screen scrolled up so far (a hint: rows that moved may be copied, not painted). */
  get scrolled(): number {
    return this.changes.scrolled;
  }

  private clampOffset(scrollOffset: number | undefined): number {
    const max = this.scrollbackLength;
    if (!scrollOffset || !(scrollOffset > 0)) return 0;
    return Math.min(Math.floor(scrollOffset), max);
  }

  /** Lines held (scrollback + screen); line 0 is the oldest. */
  get lineCount(): number {
    return this.history.length + this.buffers.active.length;
  }

  /** The text of line `index` (0 = oldest), trailing blanks trimmed. */
  lineText(index: number): string {
    const old = this.history.length;
    if (index < old) return index >= 0 ? this.history.text(index) : '';
    return this.buffers.active.getLine(index - old)?.translateToString(true) ?? '';
  }

  /** The text of live visible row y (0 = top), trailing blanks trimmed; reading it does not count as showing. */
  rowText(y: number): string {
    const buf = this.buffers.active;
    if (!(y >= 0 && y < this.term.rows)) return '';
    return buf.getLine(buf.baseY + y)?.translateToString(true) ?? '';
  }

  /** One visible row (0 = top) of the view `scrollOffset` lines above the live bottom. */
  readRow(y: number, scrollOffset?: number): StyledRun[] {
    this.shown();
    if (!(y >= 0 && y < this.term.rows)) return readLine(undefined, this.term.cols, this.cell);
    return this.lineRuns(this.scrollbackLength - this.clampOffset(scrollOffset) + y);
  }

  /** Line `index` (0 = oldest, history first) as runs covering the width. */
  lineRuns(index: number): StyledRun[] {
    const old = this.history.length;
    if (index < old) return this.history.runs(index, this.term.cols);
    return readLine(this.buffers.active.getLine(index - old), this.term.cols, this.cell);
  }

  snapshot(scrollOffset?: number): ScreenSnapshot {
    this.shown();
    const buf = this.buffers.active;
    const offset = this.clampOffset(scrollOffset);
    const top = this.scrollbackLength - offset;
    const { cols, rows } = this.term;
    const lines: StyledRun[][] = new Array(rows);
    for (let y = 0; y < rows; y++) lines[y] = this.lineRuns(top + y);
    const cy = buf.cursorY + offset;
    return {
      cols,
      rows,
      lines,
      cursor: { x: Math.min(buf.cursorX, cols - 1), y: cy, visible: this.cursorVisible && cy < rows },
      scrollOffset: offset,
      scrollbackLength: this.scrollbackLength,
    };
  }

  /** The live cursor (viewport coordinates), without reading the screen. */
  cursor(): { x: number; y: number; visible: boolean } {
    const buf = this.buffers.active;
    return { x: Math.min(buf.cursorX, this.term.cols - 1), y: buf.cursorY, visible: this.cursorVisible };
  }

  /** DECTCEM (`ESC[?25l` hides); xterm keeps it on the private core service. */
  get cursorVisible(): boolean {
    const core = coreOf(this.term);
    return core?.coreService?.isCursorHidden !== true;
  }

  /** Lines above the live screen. */
  get scrollbackLength(): number {
    return this.history.length + this.buffers.active.baseY;
  }
  get cols(): number {
    return this.term.cols;
  }
  get rows(): number {
    return this.term.rows;
  }
  get title(): string {
    return this.titles.current;
  }
  /** Last directory reported through OSC 7, or null. */
  get cwd(): string | null {
    return this.osc.cwd;
  }

  /** The two modes a key's bytes depend on, each read when asked (terminal-modes.ts). */
  readonly keyModes: { readonly applicationCursorKeys: boolean; readonly bracketedPaste: boolean } =
    keyModesOf(() => this.term);

  get modes(): TerminalModes {
    return modesOf(this.term);
  }

  onReply(cb: (data: string) => void): () => void {
    return this.replySig.add(cb);
  }
  onParsed(cb: () => void): () => void {
    return this.parsedSig.add(cb);
  }
  onTitle(cb: (title: string) => void): () => void {
    return this.titles.on(cb);
  }
  onCwd(cb: (cwd: string) => void): () => void {
    return this.cwdSig.add(cb);
  }
  onBell(cb: () => void): () => void {
    return this.bellSig.add(cb);
  }

  /** Chars (UTF-16 units) written but not yet parsed; for flow control. */
  pendingBytes(): number {
    return this.pending;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const s of [this.replySig, this.parsedSig, this.cwdSig, this.bellSig]) s.clear();
    for (const s of this.subs) s.dispose();
    this.titles.dispose();
    this.history.dispose();
    this.strings.dispose();
    this.changes.dispose();
    this.pump.dispose();
    this.pending = 0;
    for (const w of this.flushWaiters.splice(0)) w();
    this.term.dispose();
  }
}

export { parseOsc7, parseProgress, type Progress, type PlainEcho };
