// The user's terminal answers queries on the same stream as the keys: colours (OSC 4/10/11 `ESC ]
// 11 ; rgb:.... BEL`), its name and settings (DCS: XTVERSION `ESC P >| text ST`, DECRQSS `ESC P 1
// $ r ... ST`, XTGETTCAP `ESC P 1 + r ... ST`), kitty graphics (APC `ESC _ G ... ST`), device
// attributes, reports and positions (CSI). The hub answers its agents' queries itself, so none of
// these is ever for an agent, however late it comes (a slow link, a program that asked before the
// hub started) or however it is cut across reads. The key parser reads each as one event, waits
// for the rest of one that is cut (up to a deadline, see KeyParser), and encodeForPty types none.

/** An OSC, DCS or APC string as terminals reply with, starting at s[i] (ESC and the next two). */
export function stringReplyAt(s: string, i: number): boolean {
  const kind = s[i + 1];
  const first = s[i + 2];
  if (first === undefined) return false;
  // OSC: a number first (4, 10, 11, 12, 52...). DCS: `>|` XTVERSION, `1$r`/`0$r` DECRQSS,
  // `1+r`/`0+r` XTGETTCAP, `!|` DECRPTUI. APC: kitty graphics `G`. Not keys: alt+] alt+P alt+_
  // are ESC and that character alone.
  return kind === ']'
    ? isDigit(first)
    : kind === 'P'
      ? /[0-9>!=]/.test(first)
      : kind === '_' && first === 'G';
}

const isDigit = (c: string) => c >= '0' && c <= '9';

/**
 * Whether `sequence` (an event's whole input) is the user's terminal replying, complete or cut:
 * never a key, never typed into an agent.
 */
export function isTerminalReply(sequence: string): boolean {
  if (sequence.charCodeAt(0) !== 0x1b) return false;
  if (stringReplyAt(sequence, 0)) return true;
  if (sequence[1] !== '[') return false;
  return (
    // Private replies (DA1/DA2 `ESC [ ? 62 ; 22 c`, DECRPM `ESC [ ? 2026 ; 2 $ y`, kitty keyboard
    // flags `ESC [ ? 1 u`, DECXCPR), complete or cut (SGR mouse, `<`, is a key event already).
    /^\x1b\[[?>=][\x20-\x3f]*[\x40-\x7e]?$/.test(sequence) ||
    // A cursor position (keys with two numbers end in A-D, F, H, P-S with a first number of 1, or
    // are read as keys before they get here), a status report, an ANSI mode report, a window report.
    /^\x1b\[\d+;\d+R$/.test(sequence) ||
    /^\x1b\[\d+n$/.test(sequence) ||
    /^\x1b\[\d+;\d+\$y$/.test(sequence) ||
    /^\x1b\[\d+(;\d+)+t$/.test(sequence) ||
    // A CSI cut off after its numbers (its end never came): not a key either.
    /^\x1b\[[\x30-\x3f][\x20-\x3f]*$/.test(sequence)
  );
}

/**
 * Whether the input `buf` starts with a reply (or a CSI with parameters) whose end has not come
 * yet: worth waiting for longer than a lone ESC, so a reply cut across reads is still one event.
 */
export function awaitsEnd(buf: string): boolean {
  if (buf.charCodeAt(0) !== 0x1b) return false;
  if (stringReplyAt(buf, 0)) return true;
  return buf[1] === '[' && buf.length > 2 && buf.charCodeAt(2) >= 0x30 && buf.charCodeAt(2) <= 0x3f;
}
