import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gitRun } from '../agents/git.js';

// A repository's own configuration: `.botster/` at its top holds Lua files (profiles, keybindings,
// hooks, layout pieces) and a setup script. They are the repository's, not the user's: they run in
// the sandbox of an improvement until the user trusts that folder, remembered by path and by the
// hash of what is in it (a change asks again).

export const PROJECT_DIR = '.botster';

/** The top folder of the repository holding `cwd` (its main folder, for a worktree), or null. */
export async function projectRootOf(cwd: string): Promise<string | null> {
  const r = await gitRun(cwd, ['rev-parse', '--path-format=absolute', '--git-common-dir']);
  if (r.code !== 0) return null;
  const common = r.stdout.trim();
  // <root>/.git for a normal repository (worktrees share it); a bare one has no folder of files.
  if (path.basename(common) !== '.git') return null;
  return path.dirname(common);
}

/** The configuration files of a project (`.botster/*.lua`, by name), and whether it has a setup script. */
export function projectFiles(root: string): { lua: string[]; setup: boolean } {
  const dir = path.join(root, PROJECT_DIR);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return { lua: [], setup: false };
  }
  const lua = names.filter((n) => n.endsWith('.lua') && !n.startsWith('.') && !n.endsWith('~')).sort();
  return { lua: lua.map((n) => path.join(dir, n)), setup: names.includes('setup') };
}

/** Each regular file of `.botster/` and the hash of its contents: what changed since a trust. */
export function projectFileHashes(root: string): Record<string, string> {
  const dir = path.join(root, PROJECT_DIR);
  const out: Record<string, string> = {};
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const n of names) {
    try {
      const file = path.join(dir, n);
      if (fs.statSync(file).isFile())
        out[n] = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    } catch {
      // gone meanwhile: not part of it
    }
  }
  return out;
}

/** What changed in `.botster/` between the files trusted and the files now (null: not recorded then). */
export interface ProjectChanges {
  added: string[];
  removed: string[];
  modified: string[];
}

export function projectChanges(
  then: Record<string, string> | undefined,
  now: Record<string, string>,
): ProjectChanges | null {
  if (!then) return null;
  return {
    added: Object.keys(now).filter((n) => !(n in then)),
    removed: Object.keys(then).filter((n) => !(n in now)),
    modified: Object.keys(now).filter((n) => n in then && then[n] !== now[n]),
  };
}

/** What trusting a project vouches for: every regular file of `.botster/` (names and contents). */
export function projectHash(root: string): string {
  const dir = path.join(root, PROJECT_DIR);
  const h = crypto.createHash('sha256');
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir).sort();
  } catch {
    // no folder: the hash of nothing
  }
  for (const n of names) {
    const file = path.join(dir, n);
    try {
      if (!fs.statSync(file).isFile()) continue;
      h.update(`${n}\0`);
      h.update(fs.readFileSync(file));
      h.update('\0');
    } catch {
      // gone meanwhile: not part of it
    }
  }
  return h.digest('hex');
}
