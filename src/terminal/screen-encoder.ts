import { ansiLine } from './ansi-line.js';
import type { StyledRun } from './styled-run.js';
import type { TerminalModes } from './headless-terminal.js';
import { printable } from './printable.js';

// What a hub sends another hub that shows one of its agents: the rows that changed since the last
// update, as terminal bytes (cursor to the row, its runs with their colours, erase the rest), then
// the cursor, the modes keys depend on and the title. The other hub writes them into a terminal of
// its own (the mirror), which then holds the same screen: a screen's worth at most per update,
// however much the agent printed in between.

/** The agent's screen as the encoder reads it (a HeadlessTerminal). */
export interface ScreenSource {
  readonly cols: number;
  readonly rows: number;
  readRow(y: number): StyledRun[];
  cursor(): { x: number; y: number; visible: boolean };
  readonly modes: TerminalModes;
  readonly title: string;
  readonly screenVersion: number;
  changedRows(version: number): { start: number; end: number } | 'all' | null;
}

export interface ScreenUpdate {
  cols: number;
  rows: number;
  data: string;
}

const MOUSE: Record<TerminalModes['mouseTracking'], number | null> = {
  none: null,
  x10: 9,
  vt200: 1000,
  drag: 1002,
  any: 1003,
};

export class ScreenEncoder {
  private version = -1;
  private size = '';
  private modes = '';
  private cursor = '';
  private title: string | null = null;

  /** Everything is sent again next time (a new watcher, a reconnect). */
  reset(): void {
    this.version = -1;
    this.size = '';
    this.modes = '';
    this.cursor = '';
    this.title = null;
  }

  /** The bytes that bring a mirror from the last update to now; null when nothing changed. */
  encode(src: ScreenSource): ScreenUpdate | null {
    let out = '';
    const size = `${src.cols}x${src.rows}`;
    const modes = src.modes;
    const alt = modes.altScreen ? 1 : 0;
    const modeKey = `${modes.applicationCursorKeys ? 1 : 0}${modes.bracketedPaste ? 1 : 0}${modes.mouseTracking}${modes.mouseEncoding ?? ''}${alt}`;
    // A new size or the other screen buffer: the mirror is repainted whole.
    let rows =
      this.version < 0 || size !== this.size || modeKey.at(-1) !== this.modes.at(-1)
        ? 'all'
        : src.changedRows(this.version);
    if (modeKey !== this.modes) {
      if (alt !== Number(this.modes.at(-1) ?? 0) || this.modes === '')
        out += alt ? '\x1b[?1047h' : '\x1b[?1047l';
      out += modeBytes(modes);
      this.modes = modeKey;
    }
    this.size = size;
    this.version = src.screenVersion;
    if (rows === 'all') rows = { start: 0, end: src.rows - 1 };
    if (rows) {
      for (let y = rows.start; y <= Math.min(rows.end, src.rows - 1); y++)
        out += `\x1b[${y + 1};1H\x1b[0m${ansiLine(src.readRow(y))}\x1b[0m\x1b[K`;
    }
    const c = src.cursor();
    const cursor = `\x1b[${c.y + 1};${c.x + 1}H\x1b[?25${c.visible ? 'h' : 'l'}`;
    if (out !== '' || cursor !== this.cursor) out += cursor;
    this.cursor = cursor;
    if (src.title !== this.title) {
      // (No control can end the string early, a C1 ST neither: the title came from one.)
      out += `\x1b]2;${printable(src.title)}\x07`;
      this.title = src.title;
    }
    return out === '' ? null : { cols: src.cols, rows: src.rows, data: out };
  }
}

function modeBytes(m: TerminalModes): string {
  let out = `\x1b[?1${m.applicationCursorKeys ? 'h' : 'l'}\x1b[?2004${m.bracketedPaste ? 'h' : 'l'}`;
  for (const n of [9, 1000, 1002, 1003]) out += `\x1b[?${n}l`;
  const mouse = MOUSE[m.mouseTracking];
  if (mouse !== null) out += `\x1b[?${mouse}h`;
  out += `\x1b[?1006${m.mouseEncoding === 'SGR' ? 'h' : 'l'}`;
  return out;
}
