import fs from 'node:fs';
import path from 'node:path';
import { expandPath } from '../agents/cli-info.js';

// An agent's transcripts: its CLI's `transcripts` patterns (lua/default/clis/) with the session id
// its hooks reported, sh words expanded in the agent's environment, `*` matched within one folder.

const glob = (part: string): RegExp =>
  new RegExp(
    `^${part
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );

/** The files a pattern names, at most `max`. */
export function globFiles(pattern: string, max = 50): string[] {
  const parts = pattern.split('/').filter((p, i) => p !== '' || i === 0);
  let found = [parts[0] === '' ? '/' : parts[0]];
  for (const part of parts.slice(1)) {
    const next: string[] = [];
    for (const dir of found) {
      if (!/[*?]/.test(part)) {
        const p = path.join(dir, part);
        if (fs.existsSync(p)) next.push(p);
        continue;
      }
      let names: string[];
      try {
        names = fs.readdirSync(dir);
      } catch {
        continue;
      }
      const re = glob(part);
      for (const n of names) if (re.test(n)) next.push(path.join(dir, n));
    }
    found = next;
    if (found.length === 0) return [];
  }
  return found.filter((f) => fs.statSync(f, { throwIfNoEntry: false })?.isFile()).slice(0, max);
}

/** The transcripts of one session: each pattern with `{session}` filled, newest file first. */
export function transcriptFiles(
  patterns: readonly string[],
  session: string,
  env: NodeJS.ProcessEnv,
  home: string,
): string[] {
  // (a session id is a word: nothing of it reaches a pattern's folders)
  if (!/^[\w.-]{1,200}$/.test(session)) return [];
  const files = patterns.flatMap((p) => globFiles(expandPath(p, env, home).replaceAll('{session}', session)));
  const mtime = (f: string) => fs.statSync(f, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  return [...new Set(files)].sort((a, b) => mtime(b) - mtime(a));
}
