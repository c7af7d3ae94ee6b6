/** The escape that asks the user's terminal for a desktop notification (no control bytes inside), or its bell. */
export function desktopNotification(message: string, kind: unknown): string {
  if (kind === 'bell') return '\x07';
  const clean = message.replace(/[\x00-\x1f\x7f;]/g, ' ').slice(0, 200);
  return kind === 'osc777' ? `\x1b]777;notify;botster-tui;${clean}\x07` : `\x1b]9;${clean}\x07`;
}
