// Escape sequences the hub sends to the user's real terminal on entry and exit.
// Mouse: press/release + drag reporting (1000, 1002) in SGR encoding (1006), so the wheel scrolls a
// panel, a click focuses it, and children that track the mouse get it (shift+drag still selects).
// Focus reports (1004): the terminal says when it gains or loses the focus, which the focused
// agent's program hears if it asked (src/agents/agent-focus.ts; tmux's `focus-events on`).
export const ENTER_TTY =
  '\x1b[?1049h\x1b[?2004h\x1b[?1000h\x1b[?1002h\x1b[?1006h\x1b[?1004h\x1b[?25l\x1b[2J\x1b[H';
export const LEAVE_TTY =
  '\x1b[0m\x1b[?2026l\x1b[?1004l\x1b[?1006l\x1b[?1002l\x1b[?1000l\x1b[?2004l\x1b[?25h\x1b[?1049l';

let entered = false;

/**
 * The client takes its terminal: raw mode and the hub's modes. The client always does this and
 * its undoing (leaveTerminal), even when the server writes the frames (it may die any time; the
 * client restores the terminal then), so it is done before the server is told it may write.
 */
export function enterTerminal(): void {
  if (entered) return;
  entered = true;
  process.stdout.write(ENTER_TTY);
  if (process.stdin.isTTY) process.stdin.setRawMode(true);
  process.once('exit', leaveTerminal);
}

/** Raw mode off and the terminal modes undone (every way out: detach, quit, a lost server, a signal, ctrl+z). */
export function leaveTerminal(): void {
  if (!entered) return;
  entered = false;
  process.off('exit', leaveTerminal);
  try {
    if (process.stdin.isTTY) process.stdin.setRawMode(false);
  } catch {
    // stdin may be gone already (the terminal closed)
  }
  try {
    process.stdout.write(LEAVE_TTY);
  } catch {
    // nothing to restore on a terminal that is gone
  }
}
