import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveCommand } from '../../pty/resolve-command.js';

// Read-only looks at the user's files for the trusted configuration's Lua (lua/core/files.lua):
// profiles' resume functions find a CLI's newest transcript with them. Facts only, bounded; what
// to do with them is Lua's. Improvements (sandboxed) do not get these.

export interface FoundFile {
  path: string;
  name: string;
  /** Last modified, seconds since the epoch (as os.time() counts). */
  mtime: number;
  size: number;
}

/** Entries read while matching one pattern, at most: a huge folder costs a bounded time. */
const MAX_VISITED = 20000;
const DEFAULT_LIMIT = 100;
/** A line of a transcript can be big (Codex puts its instructions in the first one); a whole file is not read. */
const MAX_READ = 4 * 1024 * 1024;

const home = () => process.env.HOME || os.homedir();

/** `~` and `~/...` to the user's home; other paths must be absolute. */
export function expandPath(p: string, what: string): string {
  if (p === '~') return home();
  if (p.startsWith('~/')) return path.join(home(), p.slice(2));
  if (!path.isAbsolute(p)) throw new Error(`${what}: "${p}" is not an absolute path (or ~/...)`);
  return p;
}

/** A glob segment (`*`, `?`, the rest literal) as a regex; `*` does not match a leading dot unless the segment starts with one. */
function segmentRegex(seg: string): RegExp {
  let re = '';
  for (const c of seg)
    re += c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${seg.startsWith('.') ? '' : '(?!\\.)'}${re}$`);
}

const wild = (seg: string) => seg.includes('*') || seg.includes('?');

/**
 * The files matching an absolute pattern whose segments may hold `*` and `?` (`~/.codex/sessions/
 * * /* /* /rollout-*.jsonl` without the spaces), newest first, at most `limit`. Unreadable folders are
 * skipped: a pattern that matches nothing gives an empty list, never an error.
 */
export function globFiles(pattern: string, limit = DEFAULT_LIMIT): FoundFile[] {
  const abs = expandPath(pattern, 'files.glob');
  const segs = abs.split('/').filter((s) => s !== '');
  let dirs = ['/'];
  let visited = 0;
  const found: FoundFile[] = [];
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    const last = i === segs.length - 1;
    const next: string[] = [];
    for (const dir of dirs) {
      let names: string[];
      if (!wild(seg)) names = [seg];
      else {
        try {
          names = fs.readdirSync(dir);
        } catch {
          continue;
        }
        visited += names.length;
        const re = segmentRegex(seg);
        names = names.filter((n) => re.test(n));
      }
      for (const name of names) {
        const p = path.join(dir, name);
        let st: fs.Stats;
        try {
          st = fs.statSync(p);
        } catch {
          continue;
        }
        if (last) {
          if (st.isFile()) found.push({ path: p, name, mtime: st.mtimeMs / 1000, size: st.size });
        } else if (st.isDirectory()) next.push(p);
      }
      if (visited > MAX_VISITED) break;
    }
    dirs = next;
    if (visited > MAX_VISITED) break;
  }
  found.sort((a, b) => b.mtime - a.mtime || (a.path < b.path ? -1 : 1));
  return found.slice(0, Math.max(0, Math.floor(limit)));
}

/** Line `n` (1-based) of a text file, read no further than needed (and never past 4 MiB). */
export function readLine(file: string, n = 1): string | null {
  const abs = expandPath(file, 'files.read_line');
  const fd = fs.openSync(abs, 'r');
  try {
    const chunk = Buffer.alloc(64 * 1024);
    const parts: Buffer[] = [];
    let line = 1;
    let read = 0;
    for (;;) {
      const got = fs.readSync(fd, chunk, 0, chunk.length, read);
      if (got === 0) break;
      read += got;
      let start = 0;
      for (let i = 0; i < got; i++) {
        if (chunk[i] !== 10) continue;
        if (line === n) {
          parts.push(Buffer.from(chunk.subarray(start, i)));
          return Buffer.concat(parts).toString('utf8');
        }
        line++;
        start = i + 1;
      }
      if (line === n) parts.push(Buffer.from(chunk.subarray(start, got)));
      if (read >= MAX_READ) return null;
    }
    return line === n && parts.length > 0 ? Buffer.concat(parts).toString('utf8') : null;
  } finally {
    fs.closeSync(fd);
  }
}

/** Line `n` of a file: `{ value }`, or `{ error }` saying why not. */
export function textLine(file: string, n = 1): { value?: string; error?: string } {
  try {
    const text = readLine(file, n);
    return text === null ? { error: `${file}: no line ${n}` } : { value: text };
  } catch (err) {
    return { error: `${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
}

/** The JSON value on line `n` of a file (JSON Lines): `{ value }`, or `{ error }` saying why not. */
export function jsonLine(file: string, n = 1): { value?: unknown; error?: string } {
  let text: string | null;
  try {
    text = readLine(file, n);
  } catch (err) {
    return { error: `${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
  if (text === null) return { error: `${file}: no line ${n}` };
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    return { error: `${file}:${n}: not JSON (${(err as Error).message})` };
  }
}

/** The host functions lua/core/files.lua calls, for the trusted configuration's engine. */
export const HOST_FILES: Record<string, (...args: unknown[]) => unknown> = {
  __host_glob: (pattern, limit) => globFiles(String(pattern), typeof limit === 'number' ? limit : undefined),
  __host_read_line: (file, n) => textLine(String(file), typeof n === 'number' ? n : 1),
  __host_json_line: (file, n) => jsonLine(String(file), typeof n === 'number' ? n : 1),
  // Where the hub's PATH finds a program (what an agent started with that command would run).
  __host_which: (program) => {
    const name = String(program);
    return name.includes('/') ? null : resolveCommand(name, process.cwd(), process.env.PATH);
  },
};
