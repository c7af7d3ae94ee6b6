import fs from 'node:fs';
import path from 'node:path';
import { expandPath } from './host-files.js';

// files.carry (lua/core/files.lua): the one write the trusted configuration's Lua may make to the
// user's files, for lua/default/accounts.lua: a CLI's transcript copied into another account's
// config folder, so `--resume ID` there finds the conversation. It never overwrites (a conversation
// already there is the account's own) and copies only a file, with the folder of the same stem
// beside it (Claude Code keeps a session's tool results and subagents in <id>/ next to <id>.jsonl).
// Plugins and improvements do not get it.

/** Copies `from` (a file) to `to` (absent), making `to`'s folder; or why not. */
export function carryFile(from: string, to: string): { value?: true; error?: string } {
  let src: string;
  let dst: string;
  try {
    src = expandPath(from, 'files.carry');
    dst = expandPath(to, 'files.carry');
  } catch (err) {
    return { error: (err as Error).message };
  }
  try {
    if (!fs.statSync(src).isFile()) return { error: `${src}: not a file` };
    if (fs.existsSync(dst)) return { error: `${dst}: already there (not overwritten)` };
    fs.mkdirSync(path.dirname(dst), { recursive: true, mode: 0o700 });
    fs.copyFileSync(src, dst, fs.constants.COPYFILE_EXCL);
    const stem = (p: string) => p.slice(0, p.length - path.extname(p).length);
    if (stem(src) !== src && fs.statSync(stem(src), { throwIfNoEntry: false })?.isDirectory())
      fs.cpSync(stem(src), stem(dst), { recursive: true, force: false, errorOnExist: false });
    return { value: true };
  } catch (err) {
    return { error: `${src}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
}

/** The host function of files.carry, for the trusted configuration's engine only. */
export const HOST_CARRY: Record<string, (...args: unknown[]) => unknown> = {
  __host_carry: (from, to) => carryFile(String(from), String(to)),
};
