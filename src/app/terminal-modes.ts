// Escape sequences the hub sends to the user's real terminal on entry and exit.
export const ENTER_TTY = '\x1b[?1049h\x1b[?2004h\x1b[?25l\x1b[2J\x1b[H';
export const LEAVE_TTY = '\x1b[0m\x1b[?2026l\x1b[?2004l\x1b[?25h\x1b[?1049l';
