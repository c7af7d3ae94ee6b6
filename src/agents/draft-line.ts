// Whether a line typed into an agent waits to be sent: what was typed since the last Enter,
// Ctrl+C or Ctrl+U, less what Backspace took back. A restart of the agent (its account moved,
// lua/default/accounts.lua) waits for that line to be sent or cleared: the new CLI would get its
// Enter without its text. Keys that move (arrows, function keys) type nothing; a paste's text
// counts, and its newlines send nothing.

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

export class DraftLine {
  private typed = 0;
  private pasting = false;

  /** Whether a typed line waits to be sent. */
  get pending(): boolean {
    return this.typed > 0;
  }

  /** Notes what was written to the agent; true when `pending` changed. */
  note(data: string): boolean {
    const was = this.typed > 0;
    let i = 0;
    while (i < data.length) {
      if (data.startsWith(PASTE_START, i)) {
        this.pasting = true;
        i += PASTE_START.length;
        continue;
      }
      if (data.startsWith(PASTE_END, i)) {
        this.pasting = false;
        i += PASTE_END.length;
        continue;
      }
      const c = data.charCodeAt(i);
      if (c === 0x1b) {
        i = afterEscape(data, i);
        continue;
      }
      if (this.pasting) this.typed += c >= 0x20 || c === 0x0a || c === 0x0d || c === 0x09 ? 1 : 0;
      else if (c === 0x0d || c === 0x0a || c === 0x03 || c === 0x15) this.typed = 0;
      else if (c === 0x7f || c === 0x08) this.typed = Math.max(0, this.typed - 1);
      else if (c >= 0x20) this.typed += 1;
      i += 1;
    }
    return was !== this.typed > 0;
  }
}

/** Where the escape sequence at `i` ends (CSI, SS3, or ESC and one character: Alt+key). */
function afterEscape(s: string, i: number): number {
  const next = s[i + 1];
  if (next === '[') {
    let j = i + 2;
    while (j < s.length && !(s.charCodeAt(j) >= 0x40 && s.charCodeAt(j) <= 0x7e)) j += 1;
    return j + 1;
  }
  if (next === 'O') return i + 3;
  return next === undefined ? i + 1 : i + 2;
}
