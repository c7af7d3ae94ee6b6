// Escape sequences the hub sends to the user's real terminal on entry and exit.
// Mouse: press/release + drag reporting (1000, 1002) in SGR encoding (1006), so the wheel scrolls a
// panel, a click focuses it, and children that track the mouse get it (shift+drag still selects).
export const ENTER_TTY = '\x1b[?1049h\x1b[?2004h\x1b[?1000h\x1b[?1002h\x1b[?1006h\x1b[?25l\x1b[2J\x1b[H';
export const LEAVE_TTY = '\x1b[0m\x1b[?2026l\x1b[?1006l\x1b[?1002l\x1b[?1000l\x1b[?2004l\x1b[?25h\x1b[?1049l';
