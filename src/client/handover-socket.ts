import fs from 'node:fs';

// A server handed over to a new one (botster-tui upgrade): the client waits for the new server's
// socket, told from the old one's by the file's identity.

/** Waits (at most 8 s) until the socket at `socket` is another one than `ino` (a new server's). */
export async function handedOverSocket(socket: string, ino: string): Promise<void> {
  const end = Date.now() + 8000;
  for (;;) {
    const now = socketIno(socket);
    if ((now !== ino && now !== '') || Date.now() >= end) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The socket file's identity (a new server binds a new one; an inode number may come back), or ''. */
export function socketIno(socket: string): string {
  try {
    const st = fs.statSync(socket);
    return `${st.ino}:${st.ctimeMs}`;
  } catch {
    return '';
  }
}
