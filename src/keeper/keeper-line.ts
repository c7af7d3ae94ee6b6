import fs from 'node:fs';
import path from 'node:path';

// Which processes are a home's keepers. A keeper is its agent's subreaper (src/native/keeper/):
// what the agent starts and leaves (a `setsid -f`, a double fork, a daemon) is reparented to it,
// not to init, so every process of an agent's line descends from its keeper. The hub tells an
// agent's process by that (server/peer-principal.ts), as the keepers tell who may connect.

/**
 * The socket `pid` keeps an agent on: the `--socket` it was started with (before its `--`), read
 * from /proc/PID/cmdline, which no other process can rewrite; null: it is no keeper, or gone.
 */
export function keeperSocketOf(pid: number): string | null {
  let args: string[];
  try {
    args = fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0');
  } catch {
    return null;
  }
  for (let i = 0; i < args.length - 1 && args[i] !== '--'; i++)
    if (args[i] === '--socket') return args[i + 1] || null;
  return null;
}

/**
 * Whether `pid` is a keeper of the home whose keepers listen in `dir`: its socket's folder is that
 * folder (the same file, however either path spells it). A relative path is the keeper's own, from
 * the folder it was started in.
 */
export function keepsIn(pid: number, dir: string): boolean {
  const sock = keeperSocketOf(pid);
  if (!sock) return false;
  const folder = path.dirname(sock);
  try {
    // (joined as text: the kernel follows the cwd link, where path.resolve would fold a `..` in)
    const theirs = fs.statSync(folder.startsWith('/') ? folder : `/proc/${pid}/cwd/${folder}`);
    const ours = fs.statSync(dir);
    return theirs.dev === ours.dev && theirs.ino === ours.ino;
  } catch {
    return false;
  }
}
