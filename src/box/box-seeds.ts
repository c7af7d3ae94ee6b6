import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { inHome, type Box } from './box.js';
import { merge3, type Json } from './merge3.js';

// A seed: a file a CLI keeps outside the folder its box writes (Claude's ~/.claude.json: trusted
// folders, user MCP servers), given to the box as a copy inside that folder. The copy is the box's
// to write, the source is yours: at every start what you changed in yours since the last start
// reaches the copy (a folder you trusted later, an MCP server you added or removed), and what the
// box changed in its copy and you did not stays. Your file is never written.
//
// The copy sits in a folder the box writes, so it is read and replaced as hostile: never through a
// link (a box could point it at ~/.ssh/id_ed25519 and have the hub copy the key in, or at your
// ~/.bashrc and have the hub write it), only a regular file of ours, replaced by rename.

const MAX = 8 * 1024 * 1024;

/** Where the hub keeps your source as it was at the last start (outside every box: the hub's home). */
const basePath = (hub: string, target: string) =>
  path.join(hub, 'seeds', `${crypto.createHash('sha256').update(target).digest('hex').slice(0, 24)}.json`);

/** A JSON object read from a regular file not through a link, or null. */
function readObject(file: string): Record<string, Json> | null {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.size > MAX || (process.getuid && st.uid !== process.getuid())) return null;
    const v = JSON.parse(fs.readFileSync(fd, 'utf8')) as Json;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, Json>) : null;
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes `text` as `file` by rename from a fresh private file beside it (a link there is replaced, never followed). */
function replace(file: string, text: string): void {
  const tmp = `${file}.botster-${crypto.randomBytes(6).toString('hex')}`;
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeFileSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Makes each seed missing from its source (a private copy: 0600, its folder 0700), and brings one
 * made before up to date with what changed in its source since (JSON objects: a three-way merge
 * against the source as it was, kept in `hub`'s home). Returns the copies made or changed.
 */
export function plantSeeds(box: Box, home: string, hub?: string): string[] {
  const made: string[] = [];
  for (const [to, from] of Object.entries(box.seed ?? {})) {
    const target = inHome(to, home);
    const source = inHome(from, home);
    if (!fs.existsSync(source)) continue;
    try {
      if (!fs.existsSync(target) && !isLink(target)) {
        fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
        fs.copyFileSync(source, target, fs.constants.COPYFILE_EXCL);
        fs.chmodSync(target, 0o600);
        made.push(target);
      } else if (keepInStep(target, source, hub)) made.push(target);
      if (hub) remember(hub, target, source);
    } catch {
      // (made meanwhile, or not ours to make: the CLI starts with what it has)
    }
  }
  return made;
}

const isLink = (p: string) => {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
};

/** What changed in `source` since the last start, into the box's copy; whether the copy changed. */
function keepInStep(target: string, source: string, hub?: string): boolean {
  const yours = readObject(source);
  if (!yours) return false;
  const copy = readObject(target);
  // A copy that is not a JSON object of ours (a link, garbage): yours replaces it.
  const base = hub ? readObject(basePath(hub, target)) : null;
  const next = copy ? merge3(base ?? {}, copy, yours) : yours;
  if (copy && JSON.stringify(next) === JSON.stringify(copy)) return false;
  replace(target, `${JSON.stringify(next, null, 2)}\n`);
  return true;
}

/** Your source as it is now, the base of the next start's merge. */
function remember(hub: string, target: string, source: string): void {
  const yours = readObject(source);
  if (!yours) return;
  const file = basePath(hub, target);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, JSON.stringify(yours), { mode: 0o600 });
}
