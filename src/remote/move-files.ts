import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expandPath } from '../agents/cli-info.js';

// What a move carries, as files in a transfer folder on each machine: the agent's branch as a git
// bundle and its CLI's transcripts. They cross in parts small enough for one request each (the
// control socket reads lines of at most 1 MiB), so a big repository moves as well as a small one.
// A transfer's name is a word the hub made; nothing of it reaches outside its folder.

/** Bytes of a part (base64 in a JSON line: well under the socket's 1 MiB a request). */
export const PART_BYTES = 512 * 1024;

const ID = /^[a-f0-9]{16}$/;
const KEY = /^(bundle|t\d{1,3})$/;
const PREFIX = 'botster-move-';

/** A new transfer folder (private to this user); its id. */
export function newTransfer(): { id: string; dir: string } {
  const id = crypto.randomBytes(8).toString('hex');
  const dir = transferDir(id);
  fs.mkdirSync(dir, { mode: 0o700 });
  return { id, dir };
}

/** The folder of transfer `id` (made when asked to write), or an error for a name that is not one. */
export function transferDir(id: string, make = false): string {
  if (!ID.test(id)) throw new Error(`no transfer ${JSON.stringify(id.slice(0, 40))}`);
  const dir = path.join(os.tmpdir(), PREFIX + id);
  if (make) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** The file of one part of a transfer (`bundle`, `t0`, `t1`, ...). */
export function transferFile(id: string, key: string, make = false): string {
  if (!KEY.test(key)) throw new Error(`no part ${JSON.stringify(key.slice(0, 40))} of a transfer`);
  return path.join(transferDir(id, make), key);
}

/** Reads `length` bytes at `offset` of a transfer's file (fewer at its end). */
export function readPart(id: string, key: string, offset: number, length: number): Buffer {
  const fd = fs.openSync(transferFile(id, key), 'r');
  try {
    const buf = Buffer.alloc(Math.min(length, PART_BYTES));
    const n = fs.readSync(fd, buf, 0, buf.length, offset);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes bytes at `offset` of a transfer's file (the parts come in order). */
export function writePart(id: string, key: string, offset: number, data: Buffer): void {
  const file = transferFile(id, key, true);
  const size = fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  if (offset !== size) throw new Error(`part of ${key} at ${offset}, but ${size} bytes came so far`);
  fs.appendFileSync(file, data, { mode: 0o600 });
}

/** The transfer's folder goes (after the move, or a failure). */
export function dropTransfer(id: string): void {
  try {
    fs.rmSync(transferDir(id), { recursive: true, force: true });
  } catch {
    // (not one of ours: nothing to drop)
  }
}

/** A transfer folder older than a day is left from a move that never ended: it goes. */
export function dropStaleTransfers(now = Date.now()): void {
  let names: string[] = [];
  try {
    names = fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(PREFIX));
  } catch {
    return;
  }
  for (const n of names) {
    const dir = path.join(os.tmpdir(), n);
    const st = fs.statSync(dir, { throwIfNoEntry: false });
    if (st?.isDirectory() && st.uid === process.getuid?.() && now - st.mtimeMs > 24 * 3600_000)
      fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Where a CLI's transcripts pattern starts on this machine: its folders before the first that
 * varies (`~/.claude/projects` of `${CLAUDE_CONFIG_DIR:-$HOME/.claude}/projects/*\/{session}.jsonl`).
 * A transcript crosses as its path under that root, and lands under the same pattern's root there.
 */
export function patternRoot(pattern: string, env: NodeJS.ProcessEnv, home: string): string {
  const parts = expandPath(pattern, env, home).split('/');
  const fixed: string[] = [];
  for (const p of parts) {
    if (/[*?]|\{session\}/.test(p)) break;
    fixed.push(p);
  }
  return fixed.join('/') || '/';
}

/** `file` under its pattern's root, or null when it is not there (a link followed elsewhere). */
export function underRoot(root: string, file: string): string | null {
  const rel = path.relative(root, file);
  return !rel || rel.startsWith('..') || path.isAbsolute(rel) ? null : rel;
}

/** Where a transcript that crossed as `rel` lands here: under the pattern's root, never outside it. */
export function landingPath(pattern: string, rel: string, env: NodeJS.ProcessEnv, home: string): string {
  const root = patternRoot(pattern, env, home);
  const to = path.resolve(root, rel);
  if (underRoot(root, to) === null || rel.split('/').includes('..'))
    throw new Error(`a transcript at ${JSON.stringify(rel)} would land outside ${root}`);
  return to;
}
