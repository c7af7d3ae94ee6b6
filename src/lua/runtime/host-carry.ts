import fs from 'node:fs';
import path from 'node:path';
import { expandPath } from './host-files.js';

// files.carry (lua/core/files.lua): the one write the trusted configuration's Lua may make to the
// user's files, for lua/default/accounts.lua: a CLI's transcript copied into another account's
// config folder, so `--resume ID` there finds the conversation. It never overwrites (a conversation
// already there is the account's own) and copies only a file, with the folder of the same stem
// beside it (Claude Code keeps a session's tool results and subagents in <id>/ next to <id>.jsonl).
// Plugins and improvements do not get it.
//
// What it copies was written by an agent (its config folder is its box's to write): a transcript
// that is a link to ~/.ssh/id_ed25519 would carry the key into a folder the next agent reads. So
// it copies regular files and folders only, never through a link, on the source's side or the
// destination's, below the two folders it is given (those may be links: your dotfiles'); a
// path with a `.` or `..` part is refused before anything is looked at.

type Answer = { value?: true; error?: string };

class Refused extends Error {}

/** `p` as an absolute path with no `.`, `..` or empty parts (a trailing `/` aside); or Refused. */
function plain(p: string): string {
  const abs = expandPath(p, 'files.carry');
  if (abs.includes('\0')) throw new Refused(`files.carry: ${JSON.stringify(p)} holds a NUL`);
  const parts = abs.replace(/\/+$/, '').split('/').slice(1);
  if (parts.some((s) => s === '' || s === '.' || s === '..'))
    throw new Refused(`files.carry: ${abs}: no ".", ".." or "//" in its paths`);
  return abs.replace(/\/+$/, '') || '/';
}

/** The parts of `p` below `root`, or Refused when it is not below it. */
function below(p: string, root: string, what: string): string[] {
  if (!p.startsWith(root === '/' ? '/' : `${root}/`) || p === root)
    throw new Refused(`files.carry: ${p} is not inside ${what} ${root}`);
  return p.slice(root === '/' ? 1 : root.length + 1).split('/');
}

const lstat = (p: string) => fs.lstatSync(p, { throwIfNoEntry: false });

/** Each folder from `root` down to `p`'s parent is a real folder (not a link); made 0700 when `make`. */
function folders(root: string, parts: string[], make: boolean): void {
  let at = root;
  for (const part of parts.slice(0, -1)) {
    at = path.join(at, part);
    const st = lstat(at);
    if (!st && make) fs.mkdirSync(at, { mode: 0o700 });
    else if (!st) throw new Refused(`${at}: ENOENT`);
    else if (st.isSymbolicLink()) throw new Refused(`files.carry: ${at} is a link (not followed)`);
    else if (!st.isDirectory()) throw new Refused(`files.carry: ${at} is not a folder`);
  }
}

/** Copies the regular file `src` to `dst` (new: never over anything, a link included), neither followed. */
function copyOne(src: string, dst: string): void {
  const NOFOLLOW = fs.constants.O_NOFOLLOW;
  let from: number;
  try {
    // (O_NONBLOCK: a fifo in its place answers at once, then is refused as no regular file)
    from = fs.openSync(src, fs.constants.O_RDONLY | NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP')
      throw new Refused(`files.carry: ${src} is a link (not followed)`);
    throw err;
  }
  try {
    if (!fs.fstatSync(from).isFile()) throw new Refused(`files.carry: ${src} is not a regular file`);
    const to = fs.openSync(
      dst,
      fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | NOFOLLOW,
      0o600,
    );
    try {
      const buf = Buffer.alloc(64 * 1024);
      for (let n; (n = fs.readSync(from, buf, 0, buf.length, null)) > 0;) fs.writeSync(to, buf, 0, n);
    } finally {
      fs.closeSync(to);
    }
  } finally {
    fs.closeSync(from);
  }
}

/** What the folder `dir` holds, each checked: folders and regular files only, or Refused naming a link. */
function tree(dir: string, rel = ''): Array<{ rel: string; dir: boolean }> {
  const out: Array<{ rel: string; dir: boolean }> = [];
  for (const name of fs.readdirSync(path.join(dir, rel))) {
    const r = path.join(rel, name);
    const st = fs.lstatSync(path.join(dir, r));
    if (st.isSymbolicLink()) throw new Refused(`files.carry: ${path.join(dir, r)} is a link (not followed)`);
    if (st.isDirectory()) out.push({ rel: r, dir: true }, ...tree(dir, r));
    else if (st.isFile()) out.push({ rel: r, dir: false });
    else throw new Refused(`files.carry: ${path.join(dir, r)} is not a regular file`);
  }
  return out;
}

/**
 * Copies `from` (a regular file) to `to` (absent), making `to`'s folder; or why not. `roots`: the
 * folders they are inside (an account's config folder each; default: each one's own folder), below
 * which no part may be a link.
 */
export function carryFile(from: string, to: string, roots: { from?: string; to?: string } = {}): Answer {
  let src = from;
  try {
    src = plain(from);
    const dst = plain(to);
    const fromRoot = roots.from === undefined ? path.dirname(src) : plain(roots.from);
    const toRoot = roots.to === undefined ? path.dirname(dst) : plain(roots.to);
    const srcParts = below(src, fromRoot, 'its folder');
    const dstParts = below(dst, toRoot, 'its folder');
    folders(fromRoot, srcParts, false);
    const srcSt = lstat(src);
    if (!srcSt) throw new Refused(`${src}: ENOENT`);
    if (srcSt.isSymbolicLink()) throw new Refused(`files.carry: ${src} is a link (not followed)`);
    if (!srcSt.isFile()) throw new Refused(`files.carry: ${src} is not a regular file`);
    // (lstat: a link there, even to nothing, is something there)
    if (lstat(dst)) return { error: `${dst}: already there (not overwritten)` };
    // The folder of the same stem, looked through before anything is written.
    const stem = (p: string) => p.slice(0, p.length - path.extname(p).length);
    const stemSt = stem(src) !== src ? lstat(stem(src)) : undefined;
    if (stemSt?.isSymbolicLink()) throw new Refused(`files.carry: ${stem(src)} is a link (not followed)`);
    const inside = stemSt?.isDirectory() ? tree(stem(src)) : null;
    // (the root itself as you named it: an account's folder not made yet is made)
    fs.mkdirSync(toRoot, { recursive: true, mode: 0o700 });
    folders(toRoot, dstParts, true);
    copyOne(src, dst);
    if (inside) {
      const made = stem(dst);
      const st = lstat(made);
      if (st && (st.isSymbolicLink() || !st.isDirectory()))
        throw new Refused(`files.carry: ${made} is there and not a folder (a link is not followed)`);
      if (!st) fs.mkdirSync(made, { mode: 0o700 });
      for (const e of inside) {
        const d = path.join(made, e.rel);
        const there = lstat(d);
        if (e.dir) {
          if (!there) fs.mkdirSync(d, { mode: 0o700 });
          else if (there.isSymbolicLink() || !there.isDirectory())
            throw new Refused(`files.carry: ${d} is there and not a folder (a link is not followed)`);
        } else if (!there) copyOne(path.join(stem(src), e.rel), d);
      }
    }
    return { value: true };
  } catch (err) {
    if (err instanceof Refused) return { error: err.message };
    const e = err as NodeJS.ErrnoException;
    if (!e.code && /absolute path/.test(e.message)) return { error: e.message };
    return { error: `${src}: ${e.code ?? e.message}` };
  }
}

/** The host function of files.carry, for the trusted configuration's engine only. */
export const HOST_CARRY: Record<string, (...args: unknown[]) => unknown> = {
  __host_carry: (from, to, roots) => {
    const r = roots && typeof roots === 'object' ? (roots as Record<string, unknown>) : {};
    return carryFile(String(from), String(to), {
      ...(typeof r.from === 'string' ? { from: r.from } : {}),
      ...(typeof r.to === 'string' ? { to: r.to } : {}),
    });
  },
};
