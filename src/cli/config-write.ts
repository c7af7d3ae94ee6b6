import fs from 'node:fs';
import path from 'node:path';

// Writing another program's config file: a backup first, then the new text beside the real file
// (through a symlink a dotfile manager made) and renamed over it, so a crash leaves the old or the
// new file, never half of one.

/** An error about a config file: said in one line naming the file; nothing was written. */
export class ConfigFileError extends Error {}

/** The file's text, or null when it does not exist. */
export function readConfig(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ConfigFileError(
      `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

/** `<file>.botster-backup-20261122T215703Z` (a number added when that name is taken). */
export function backupName(file: string, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  let name = `${file}.botster-backup-${stamp}`;
  for (let n = 2; fs.existsSync(name); n++) name = `${file}.botster-backup-${stamp}-${n}`;
  return name;
}

/** Writes `text` to `file`; returns the backup of what was there (null: the file is new). */
export function writeConfig(file: string, text: string, old: string | null): string | null {
  let real = file;
  try {
    real = fs.realpathSync(file);
  } catch {
    /* new file */
  }
  try {
    fs.mkdirSync(path.dirname(real), { recursive: true });
    let backup: string | null = null;
    let mode = 0o600;
    if (old !== null) {
      backup = backupName(file);
      fs.writeFileSync(backup, old, { mode: 0o600, flag: 'wx' });
      mode = fs.statSync(real).mode & 0o777;
    }
    const tmp = `${real}.botster-tmp-${process.pid}`;
    fs.writeFileSync(tmp, text, { mode });
    fs.renameSync(tmp, real);
    return backup;
  } catch (e) {
    throw new ConfigFileError(
      `cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}
