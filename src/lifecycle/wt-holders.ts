import path from 'node:path';
import { crashedPath, readSessionFile, sessionPath } from './session-file.js';

// Who works in a folder, for `worktrees prune`: an agent the hub lists (running, exited and still
// listed, kept by a keeper), or one a session file records (the hub restores it there).

const inside = (p: string, dir: string) =>
  p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);

export interface Occupant {
  label: string;
  /** Its folder and its worktree's. */
  folders: string[];
}

/** The agents recorded in this home's session files (the running or last hub's, one that died). */
export function recordedOccupants(home: string): Occupant[] {
  const out: Occupant[] = [];
  for (const [file, what] of [
    [sessionPath(home), 'session.json'],
    [crashedPath(home), 'the session of a hub that died'],
  ] as const) {
    for (const a of readSessionFile(file)?.agents ?? []) {
      const folders = [a.cwd, a.worktree?.path].filter((f): f is string => !!f).map((f) => path.resolve(f));
      if (folders.length) out.push({ label: `${a.name ?? a.command} (in ${what})`, folders });
    }
  }
  return out;
}

/** The first occupant of `dir` (or of a folder in it), or null. */
export function holderOf(occupants: readonly Occupant[], dir: string): string | null {
  const d = path.resolve(dir);
  for (const o of occupants) if (o.folders.some((f) => inside(f, d))) return o.label;
  return null;
}
