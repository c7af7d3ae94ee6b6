// What text from an agent or a file may become on the user's terminal: its printable part.
// The CLI's printers write through it (src/cli/terminal-out.ts), as the frame draws only cells.

/**
 * Whole escape sequences, 7-bit and 8-bit: CSI (`ESC [` or U+009B, up to its final byte); OSC
 * (`ESC ]` or U+009D), DCS (`ESC P`, U+0090), SOS (`ESC X`, U+0098), PM (`ESC ^`, U+009E) and APC
 * (`ESC _`, U+009F) strings, up to BEL or ST (`ESC \`, U+009C), a control that ends them, or the
 * end of the text; and the two-character ones (`ESC c`, `ESC 7`, `ESC ( B`...).
 */
const SEQUENCE =
  /(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\x18\x1a]*(?:\x07|\x1b\\|\x9c)?|\x1b[\x20-\x2f]*[\x30-\x7e]?/g;
/** The C0 controls, DEL and the C1 controls (U+0080–U+009F). */
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;
/** What is left to judge once the sequences are out: a CR LF, an SGR (kept or not), one control. */
const LEFT = /\r\n|\x1b\[[0-9;:]*m|[\x00-\x1f\x7f-\x9f]/g;
const SGR = /^\x1b\[[0-9;:]*m$/;

export interface PrintableOptions {
  /** Keep line feeds and tabs (a file's source, a screen's lines); a carriage return goes. */
  lines?: boolean;
  /** Keep SGR sequences (colours and attributes: `read --ansi`), no other sequence. */
  sgr?: boolean;
}

/**
 * `text` with every escape sequence and control character taken out: what a terminal shows as it
 * is, and cannot act on (set the clipboard or the title, move the cursor, clear the screen).
 * One line by default: a line break or a tab becomes a space, so a field cannot start a row of
 * its own; `lines` keeps them. Printable Unicode (accents, CJK, emoji) is untouched.
 */
export function printable(text: string, options: PrintableOptions = {}): string {
  if (!CONTROL.test(text)) return text;
  const { lines = false, sgr = false } = options;
  return text
    .replace(SEQUENCE, (s) => (sgr && SGR.test(s) ? s : ''))
    .replace(LEFT, (c) => {
      if (c.length > 2) return sgr ? c : ''; // an SGR the first pass kept
      if (c === '\r\n' || c === '\n') return lines ? '\n' : ' ';
      if (c === '\t') return lines ? c : ' ';
      // (a CR alone would write over the line; a vertical tab or form feed moves down)
      return !lines && (c === '\r' || c === '\v' || c === '\f') ? ' ' : '';
    });
}
