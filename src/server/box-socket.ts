import fs from 'node:fs';
import path from 'node:path';
import { boxSocketOf } from '../wire/socket-path.js';

// The hub's socket as boxed agents reach it (see boxSocketOf): linked in by each server that
// listens, taken out by the one that stops, if still its own.

const errMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Links the listening socket into the boxes' folder (made 0700), replacing whatever was there. */
export function linkForBoxes(socketPath: string, log: (msg: string) => void): void {
  const link = boxSocketOf(socketPath);
  if (!link) return;
  const aside = `${link}.${process.pid}`;
  try {
    fs.mkdirSync(path.dirname(link), { recursive: true, mode: 0o700 });
    fs.rmSync(aside, { force: true });
    fs.linkSync(socketPath, aside);
    // (a rename: a box never finds the folder without a socket while a new server takes over)
    fs.renameSync(aside, link);
  } catch (err) {
    fs.rmSync(aside, { force: true });
    log(`control socket: boxed agents will not find it after a restart (${errMessage(err)})`);
  }
}

/** Takes the link out if it is still this socket's (inode), as the socket file goes. */
export function unlinkForBoxes(socketPath: string, inode: { dev: number; ino: number } | undefined): void {
  if (!inode) return;
  const link = boxSocketOf(socketPath);
  if (!link) return;
  try {
    const st = fs.lstatSync(link);
    if (st.dev !== inode.dev || st.ino !== inode.ino) return; // another server's now
    // (the folder stays: a box made meanwhile holds it, and finds the next server's link there)
    fs.unlinkSync(link);
  } catch {
    // gone already
  }
}
