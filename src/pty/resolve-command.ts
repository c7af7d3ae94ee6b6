import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';

const DEFAULT_PATH = '/usr/local/bin:/usr/bin:/bin';

function isExecutableFile(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where execvp would find `file`, or null. node-pty forks first and only then fails to exec, so
 * without this check a missing program just "exits 1" after printing to the PTY.
 */
export function resolveCommand(file: string, cwd: string, pathVar: string | undefined): string | null {
  if (file === '') return null;
  if (file.includes('/')) {
    const p = resolve(cwd, file);
    return isExecutableFile(p) ? p : null;
  }
  for (const dir of (pathVar || DEFAULT_PATH).split(delimiter)) {
    // An empty PATH entry means the current directory (of the child).
    const p = resolve(cwd, dir || '.', file);
    if (isExecutableFile(p)) return p;
  }
  return null;
}

/** Throws a readable Error when `cwd` is not an existing directory. */
export function assertDirectory(cwd: string, what: string): void {
  let isDir = false;
  try {
    isDir = statSync(cwd).isDirectory();
  } catch {
    throw new Error(`cannot start ${what}: working directory does not exist: ${cwd}`);
  }
  if (!isDir) throw new Error(`cannot start ${what}: working directory is not a directory: ${cwd}`);
}

/** Throws the readable Error a spawn gives when `file` cannot start in `cwd` (no folder, no such program). */
export function assertStartable(file: string, cwd: string, pathVar: string | undefined): void {
  const what = JSON.stringify(file);
  assertDirectory(cwd, what);
  if (!resolveCommand(file, cwd, pathVar)) {
    throw new Error(
      file.includes('/')
        ? `cannot start ${what}: no such executable file`
        : `cannot start ${what}: command not found in PATH`,
    );
  }
}
